package dev.tracehound.evals.template;

import dev.tracehound.evals.scenario.Selector;
import dev.tracehound.evals.scenario.TelemetrySpec;
import dev.tracehound.evals.scenario.TelemetrySpec.Call;
import dev.tracehound.evals.scenario.TelemetrySpec.Change;
import dev.tracehound.evals.scenario.TelemetrySpec.Operation;
import dev.tracehound.evals.scenario.TelemetrySpec.ServiceSpec;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a scenario's telemetry can hold, read from its spec: each service's span names (its
 * operations and its client spans), the span and resource attribute values its spans can carry
 * (changes included), and every name an answer could use.
 */
final class Names {

    private final Map<String, Set<String>> spanNames = new HashMap<>();
    private final Map<String, Map<String, Set<String>>> spanAttributes = new HashMap<>();
    private final Map<String, Map<String, Set<String>>> resourceAttributes = new HashMap<>();
    private final Set<String> words = new HashSet<>();

    Names(TelemetrySpec spec) {
        for (ServiceSpec service : spec.services()) {
            String name = service.name();
            words.add(name);
            resource(name, "service.version", service.version());
            service.resource().forEach((key, values) -> values.forEach(value -> resource(name, key, value)));
            for (Operation op : service.operations()) {
                spanName(name, op.name());
                op.attributes().forEach((key, values) -> values.forEach(value -> span(name, key, value)));
                if (op.llm() != null) {
                    words.add(op.llm().system());
                    op.llm().models().forEach(model -> {
                        words.add(model);
                        span(name, "gen_ai.request.model", model);
                    });
                }
                for (Call call : op.calls()) {
                    spanName(name, call.operation());
                    call.attributes().forEach((key, values) -> values.forEach(value -> span(name, key, value)));
                    if (call.toInstrumentedService()) {
                        span(name, "peer.service", call.service());
                    }
                }
            }
        }
        for (Change change : spec.changes()) {
            String service = change.where().service();
            if (change.scope().equals("resource")) {
                resource(service, change.key(), change.value());
            } else {
                span(service, change.key(), change.value());
            }
        }
    }

    /** Why the selector selects nothing the telemetry can have, or null when it can. */
    String problem(Selector selector) {
        String service = selector.service();
        if (!spanNames.containsKey(service)) {
            return "no service " + service;
        }
        if (selector.operation() != null && !spanNames.get(service).contains(selector.operation())) {
            return service + " has no span called " + selector.operation();
        }
        if (selector.hasAttribute()) {
            var attributes = selector.scope().equals("resource") ? resourceAttributes : spanAttributes;
            var values = attributes.getOrDefault(service, Map.of()).getOrDefault(selector.key(), Set.of());
            if (!values.contains(selector.value())) {
                return service + " has no " + selector.scope() + " attribute " + selector.key() + "=" + selector.value();
            }
        }
        return null;
    }

    /** Whether {@code key=value} is an attribute some span or resource of the telemetry has. */
    boolean hasAttribute(String key, String value) {
        return List.of(spanAttributes, resourceAttributes).stream().flatMap(byService -> byService.values().stream())
                .anyMatch(attributes -> attributes.getOrDefault(key, Set.of()).contains(value));
    }

    /** Whether the phrase is a name of the telemetry: a service, span, model, provider or attribute value. */
    boolean isName(String phrase) {
        return words.contains(phrase);
    }

    private void spanName(String service, String name) {
        spanNames.computeIfAbsent(service, s -> new HashSet<>()).add(name);
        words.add(name);
        words.add(name.substring(name.indexOf(' ') + 1));
    }

    private void span(String service, String key, String value) {
        spanAttributes.computeIfAbsent(service, s -> new HashMap<>()).computeIfAbsent(key, k -> new HashSet<>()).add(value);
        spanNames.computeIfAbsent(service, s -> new HashSet<>());
        words.add(value);
    }

    private void resource(String service, String key, String value) {
        resourceAttributes.computeIfAbsent(service, s -> new HashMap<>()).computeIfAbsent(key, k -> new HashSet<>())
                .add(value);
        words.add(value);
        if (key.equals("service.version")) {
            words.add("v" + value);
        }
    }
}
