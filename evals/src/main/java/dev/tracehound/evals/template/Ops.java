package dev.tracehound.evals.template;

import dev.tracehound.evals.scenario.TelemetrySpec.Call;
import dev.tracehound.evals.scenario.TelemetrySpec.Llm;
import dev.tracehound.evals.scenario.TelemetrySpec.Operation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Copies of an operation or a call with one thing changed: the records are immutable. */
final class Ops {

    private Ops() {
    }

    static Operation server(String name, double latencyMs, double errorRate, Map<String, List<String>> attributes,
            List<Call> calls) {
        return new Operation(name, "server", latencyMs, errorRate, attributes, calls, null);
    }

    static Operation llm(String name, double latencyMs, Llm llm) {
        return new Operation(name, "client", latencyMs, 0.002, Map.of(), List.of(), llm);
    }

    static Operation latency(Operation op, double latencyMs) {
        return new Operation(op.name(), op.kind(), latencyMs, op.errorRate(), op.attributes(), op.calls(), op.llm());
    }

    static Operation errorRate(Operation op, double errorRate) {
        return new Operation(op.name(), op.kind(), op.latencyMs(), errorRate, op.attributes(), op.calls(), op.llm());
    }

    static Operation attribute(Operation op, String key, List<String> values) {
        var attributes = new LinkedHashMap<>(op.attributes());
        attributes.put(key, values);
        return new Operation(op.name(), op.kind(), op.latencyMs(), op.errorRate(), attributes, op.calls(), op.llm());
    }

    static Operation call(Operation op, Call call) {
        var calls = new ArrayList<>(op.calls());
        calls.add(call);
        return new Operation(op.name(), op.kind(), op.latencyMs(), op.errorRate(), op.attributes(), calls, op.llm());
    }

    /** The operation with its call named {@code operation} made that often. */
    static Operation callProbability(Operation op, String operation, double probability) {
        var calls = op.calls().stream().map(call -> call.operation().equals(operation)
                ? new Call(call.service(), call.operation(), probability, call.attributes()) : call).toList();
        return new Operation(op.name(), op.kind(), op.latencyMs(), op.errorRate(), op.attributes(), calls, op.llm());
    }

    /** The same call, {@code times} times over: a batch endpoint that reads many things per request. */
    static List<Call> repeated(Call call, int times) {
        return Collections.nCopies(times, call);
    }
}
