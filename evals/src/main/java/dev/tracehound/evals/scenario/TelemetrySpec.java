package dev.tracehound.evals.scenario;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How to generate a scenario's telemetry: its services and their call graph, the baseline
 * traffic, changes (deploys, a new prompt), faults and distractors. Times are minutes from the
 * window's start.
 *
 * @param minutes           the window's length
 * @param requestsPerMinute root requests per minute, spread over {@code entries} by their weights
 * @param entries           where requests come in
 * @param changes           attribute values that change at a minute (a deploy changes {@code service.version})
 * @param faults            what goes wrong, and when (distractors are faults or changes the questions do not ask about)
 */
public record TelemetrySpec(int minutes, double requestsPerMinute, List<ServiceSpec> services, List<Entry> entries,
        List<Change> changes, List<Fault> faults) {

    public TelemetrySpec {
        if (minutes < 10 || minutes > 24 * 60) {
            throw new IllegalArgumentException("a scenario's window is 10 minutes to a day: " + minutes);
        }
        if (requestsPerMinute <= 0) {
            throw new IllegalArgumentException("requestsPerMinute must be positive");
        }
        services = List.copyOf(Objects.requireNonNull(services, "services"));
        entries = List.copyOf(Objects.requireNonNull(entries, "entries"));
        changes = changes == null ? List.of() : List.copyOf(changes);
        faults = faults == null ? List.of() : List.copyOf(faults);
    }

    /**
     * A service: its instances take their resource attributes from the lists in turn (instance
     * {@code i} gets value {@code i % size}), so a zone or a host is a set of instances.
     */
    public record ServiceSpec(String name, String version, int instances, Map<String, List<String>> resource,
            List<Operation> operations) {

        public ServiceSpec {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(version, "version");
            instances = Math.max(1, instances);
            resource = resource == null ? Map.of() : Map.copyOf(resource);
            operations = List.copyOf(Objects.requireNonNull(operations, "operations"));
        }
    }

    /**
     * An operation of a service: one span per call of it, with attributes picked from the lists
     * (uniformly), the calls it makes in order, and, for an LLM call, its model and tokens.
     *
     * @param kind      {@code server}, {@code internal}, {@code consumer} or {@code client}
     * @param latencyMs its own median time, before its calls; times are log-normal around it
     * @param errorRate the share of its spans that fail on their own
     * @param calls     its calls to other services' operations or to uninstrumented dependencies
     * @param llm       set when the operation is a call to a model
     */
    public record Operation(String name, String kind, double latencyMs, double errorRate,
            Map<String, List<String>> attributes, List<Call> calls, Llm llm) {

        public Operation {
            Objects.requireNonNull(name, "name");
            kind = kind == null ? "server" : kind;
            if (latencyMs < 0 || errorRate < 0 || errorRate > 1) {
                throw new IllegalArgumentException("operation " + name + ": latency and error rate out of range");
            }
            attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
            calls = calls == null ? List.of() : List.copyOf(calls);
        }
    }

    /**
     * A call an operation makes: to {@code service}'s {@code operation} (a client span, then the
     * callee's span under it), or, with no service, to an uninstrumented dependency seen only
     * through the client span {@code operation} with its {@code attributes} (e.g.
     * {@code peer.service}, {@code db.system}).
     *
     * @param probability how often the call happens, 0 to 1
     */
    public record Call(String service, String operation, double probability, Map<String, List<String>> attributes) {

        public Call {
            Objects.requireNonNull(operation, "operation");
            probability = probability <= 0 ? 1 : Math.min(1, probability);
            attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        }

        public boolean toInstrumentedService() {
            return service != null && !service.isBlank();
        }
    }

    /** A call to a model: its provider and the model picked per call, and typical tokens. */
    public record Llm(String system, List<String> models, int inputTokens, int outputTokens) {

        public Llm {
            Objects.requireNonNull(system, "system");
            models = List.copyOf(Objects.requireNonNull(models, "models"));
        }
    }

    /** Where requests come in, and how many of them, relatively. */
    public record Entry(String service, String operation, double weight) {

        public Entry {
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(operation, "operation");
            weight = weight <= 0 ? 1 : weight;
        }
    }

    /**
     * From {@code atMinute} on, the spans {@code where} selects carry {@code value} for the
     * attribute instead of the one they had: a deploy is a change of the resource attribute
     * {@code service.version} of a service.
     */
    public record Change(Selector where, String key, String scope, String value, int atMinute) {

        public Change {
            Objects.requireNonNull(where, "where");
            Objects.requireNonNull(key, "key");
            scope = Selector.checkedScope(scope);
            Objects.requireNonNull(value, "value");
        }
    }
}
