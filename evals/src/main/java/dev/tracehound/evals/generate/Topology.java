package dev.tracehound.evals.generate;

import dev.tracehound.analytics.SpanRow.SpanKind;
import dev.tracehound.evals.scenario.Fault;
import dev.tracehound.evals.scenario.TelemetrySpec;
import dev.tracehound.evals.scenario.TelemetrySpec.Call;
import dev.tracehound.evals.scenario.TelemetrySpec.Change;
import dev.tracehound.evals.scenario.TelemetrySpec.Operation;
import dev.tracehound.evals.scenario.TelemetrySpec.ServiceSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scenario's telemetry spec made ready to generate from: services and operations looked up
 * once, calls linked to their callees, attribute lists in a fixed key order (the spec's maps
 * iterate in an order that changes from one JVM to the next, which would change the random
 * draws), and the faults by kind.
 */
final class Topology {

    /** A bit per fault in a span's record of what affected it. */
    static final int MAX_FAULTS = 64;
    /** A bit per resource change in the key of a cached resource. */
    static final int MAX_RESOURCE_CHANGES = 64;

    private static final Pattern HTTP_OPERATION = Pattern.compile("(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) (/\\S*)");

    private final Map<String, Service> services = new LinkedHashMap<>();
    private final OperationModel[] entries;
    private final double[] cumulativeWeights;
    final List<Change> changes;
    final List<Fault> faults;

    Topology(TelemetrySpec spec) {
        if (spec.faults().size() > MAX_FAULTS) {
            throw new IllegalArgumentException("a scenario has at most " + MAX_FAULTS + " faults; it has "
                    + spec.faults().size());
        }
        if (spec.changes().stream().filter(c -> c.scope().equals("resource")).count() > MAX_RESOURCE_CHANGES) {
            throw new IllegalArgumentException("a scenario has at most " + MAX_RESOURCE_CHANGES + " resource changes");
        }
        if (spec.entries().isEmpty()) {
            throw new IllegalArgumentException("a scenario needs at least one entry where requests come in");
        }
        for (ServiceSpec service : spec.services()) {
            if (services.put(service.name(), new Service(service, services.size())) != null) {
                throw new IllegalArgumentException("two services are called " + service.name());
            }
        }
        for (Service service : services.values()) {
            for (OperationModel operation : service.operations.values()) {
                operation.link(this);
            }
        }
        entries = new OperationModel[spec.entries().size()];
        cumulativeWeights = new double[entries.length];
        double total = 0;
        for (int i = 0; i < entries.length; i++) {
            TelemetrySpec.Entry entry = spec.entries().get(i);
            entries[i] = operation(entry.service(), entry.operation(), "an entry");
            total += entry.weight();
            cumulativeWeights[i] = total;
        }
        changes = spec.changes();
        faults = spec.faults();
        changes.forEach(change -> requireService(change.where().service(), "a change of " + change.key()));
        faults.forEach(fault -> requireService(fault.where().service(), "a fault (" + fault.kind() + ")"));
    }

    private void requireService(String service, String referrer) {
        if (!services.containsKey(service)) {
            throw new IllegalArgumentException(referrer + " selects the service " + service
                    + ", which the scenario does not define (it has " + services.keySet() + ")");
        }
    }

    int serviceCount() {
        return services.size();
    }

    OperationModel pickEntry(SplittableRandom random) {
        if (entries.length == 1) {
            return entries[0];
        }
        double point = random.nextDouble() * cumulativeWeights[cumulativeWeights.length - 1];
        for (int i = 0; i < entries.length; i++) {
            if (point < cumulativeWeights[i]) {
                return entries[i];
            }
        }
        return entries[entries.length - 1];
    }

    OperationModel operation(String service, String operation, String referrer) {
        Service found = services.get(service);
        if (found == null) {
            throw new IllegalArgumentException(referrer + " names the service " + service
                    + ", which the scenario does not define (it has " + services.keySet() + ")");
        }
        OperationModel model = found.operations.get(operation);
        if (model == null) {
            throw new IllegalArgumentException(referrer + " names the operation " + operation + " of " + service
                    + ", which it does not have (it has " + found.operations.keySet() + ")");
        }
        return model;
    }

    /** A service: its operations, and the resource of each instance. */
    static final class Service {
        final String name;
        final int index;
        final int instances;
        private final List<Map<String, String>> baseResources = new ArrayList<>();
        private final List<Map<Long, Map<String, String>>> changedResources = new ArrayList<>();
        private final Map<String, OperationModel> operations = new LinkedHashMap<>();

        private Service(ServiceSpec spec, int index) {
            this.name = spec.name();
            this.index = index;
            this.instances = spec.instances();
            var resourceLists = new TreeMap<>(spec.resource());
            for (int i = 0; i < instances; i++) {
                var resource = new LinkedHashMap<String, String>();
                resource.put("service.name", name);
                resource.put("service.version", spec.version());
                resource.put("service.instance.id", name + "-" + i);
                for (var entry : resourceLists.entrySet()) {
                    if (!entry.getValue().isEmpty()) {
                        resource.put(entry.getKey(), entry.getValue().get(i % entry.getValue().size()));
                    }
                }
                baseResources.add(Collections.unmodifiableMap(resource));
                changedResources.add(new HashMap<>());
            }
            for (Operation operation : spec.operations()) {
                if (operations.put(operation.name(), new OperationModel(this, operation)) != null) {
                    throw new IllegalArgumentException("service " + name + " has two operations called "
                            + operation.name());
                }
            }
        }

        Map<String, String> resource(int instance) {
            return baseResources.get(instance);
        }

        /**
         * The instance's resource with the resource changes whose bits are set applied, in the
         * scenario's order; made once per combination, so spans share it.
         */
        Map<String, String> resource(int instance, long appliedChanges, List<Change> resourceChanges) {
            if (appliedChanges == 0) {
                return baseResources.get(instance);
            }
            return changedResources.get(instance).computeIfAbsent(appliedChanges, bits -> {
                var changed = new LinkedHashMap<>(baseResources.get(instance));
                for (int i = 0; i < resourceChanges.size(); i++) {
                    if ((bits & (1L << i)) != 0) {
                        changed.put(resourceChanges.get(i).key(), resourceChanges.get(i).value());
                    }
                }
                return Collections.unmodifiableMap(changed);
            });
        }
    }

    /** An operation of a service, with its attribute choices and its calls linked. */
    static final class OperationModel {
        final Service service;
        final Operation spec;
        final SpanKind kind;
        final Choices attributes;
        /** For a server span of an operation named like {@code GET /orders}: the method and route. */
        final String httpMethod;
        final String httpRoute;
        final List<CallModel> calls = new ArrayList<>();

        private OperationModel(Service service, Operation spec) {
            this.service = service;
            this.spec = spec;
            this.kind = spec.llm() != null ? SpanKind.CLIENT : kindOf(spec.kind(), service.name, spec.name());
            this.attributes = Choices.of(spec.attributes());
            Matcher http = HTTP_OPERATION.matcher(spec.name());
            boolean isHttpServer = kind == SpanKind.SERVER && http.matches();
            this.httpMethod = isHttpServer ? http.group(1) : null;
            this.httpRoute = isHttpServer ? http.group(2) : null;
        }

        private void link(Topology topology) {
            for (Call call : spec.calls()) {
                OperationModel callee = call.toInstrumentedService()
                        ? topology.operation(call.service(), call.operation(),
                                "a call of " + service.name + " " + spec.name())
                        : null;
                calls.add(new CallModel(call, callee, Choices.of(call.attributes()), dependencyMillis(call)));
            }
        }

        boolean isLlm() {
            return spec.llm() != null;
        }
    }

    /**
     * A call an operation makes.
     *
     * @param callee         null for an uninstrumented dependency
     * @param dependencyMillis the median time of an uninstrumented dependency's answer: the format gives
     *                       calls no latency of their own, so a database answers in a few milliseconds and
     *                       anything else in a few tens
     */
    record CallModel(Call spec, OperationModel callee, Choices attributes, double dependencyMillis) {

        boolean inProcess(Service caller) {
            return callee != null && callee.service == caller;
        }
    }

    /** Attribute values to pick from, in a fixed key order. */
    record Choices(String[] keys, String[][] values) {

        static Choices of(Map<String, List<String>> lists) {
            var sorted = new TreeMap<>(lists);
            sorted.values().removeIf(List::isEmpty);
            String[] keys = sorted.keySet().toArray(String[]::new);
            String[][] values = sorted.values().stream().map(list -> list.toArray(String[]::new)).toArray(String[][]::new);
            return new Choices(keys, values);
        }

        void pickInto(Map<String, String> attributes, SplittableRandom random) {
            for (int i = 0; i < keys.length; i++) {
                String[] options = values[i];
                attributes.put(keys[i], options.length == 1 ? options[0] : options[random.nextInt(options.length)]);
            }
        }
    }

    private static double dependencyMillis(Call call) {
        return call.attributes().containsKey("db.system") ? 4 : 25;
    }

    private static SpanKind kindOf(String kind, String service, String operation) {
        return switch (kind.toLowerCase(Locale.ROOT)) {
            case "server" -> SpanKind.SERVER;
            case "internal" -> SpanKind.INTERNAL;
            case "consumer" -> SpanKind.CONSUMER;
            case "client" -> SpanKind.CLIENT;
            case "producer" -> SpanKind.PRODUCER;
            default -> throw new IllegalArgumentException("operation " + operation + " of " + service
                    + " has the kind " + kind + "; it is one of server, internal, consumer, client, producer");
        };
    }
}
