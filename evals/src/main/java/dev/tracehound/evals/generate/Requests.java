package dev.tracehound.evals.generate;

import dev.tracehound.analytics.SpanRow.LlmUsage;
import dev.tracehound.analytics.SpanRow.SpanKind;
import dev.tracehound.evals.generate.Topology.CallModel;
import dev.tracehound.evals.generate.Topology.OperationModel;
import dev.tracehound.evals.scenario.Fault;
import dev.tracehound.evals.scenario.TelemetrySpec.Llm;
import dev.tracehound.platform.pricing.ModelPrice;
import dev.tracehound.platform.pricing.ModelPrices;
import dev.tracehound.platform.pricing.TokenCounts;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Makes the spans of one request at a time: the entry operation, then depth first its calls in
 * order, each span written out once its children are done (a span's end and status depend on
 * them).
 *
 * <p>Two random streams per request: {@code shape} draws everything the request would be
 * without faults (ids, instances, attributes, times, its own errors), {@code chance} what the
 * faults add. So the same scenario with and without a fault makes the same requests, and a
 * test can tell exactly what the fault changed.
 */
final class Requests {

    /** Calls nest at most this deep, so a call graph with a cycle still ends. */
    static final int MAX_DEPTH = 8;
    private static final double SIGMA = 0.35;
    /** Own times stay within this many standard deviations of the median, so no span takes an hour. */
    private static final double MOST_DEVIATIONS = 3;
    private static final long SHORTEST_NANOS = 20_000;
    private static final double NETWORK_MILLIS = 0.6;
    private static final double INFO_LOG_SHARE = 0.05;
    private static final double TOKEN_SPREAD = 0.3;
    private static final ModelPrices PRICES = ModelPrices.builtIn();

    /** How a span (and its subtree) ended. {@code outage} is set when the callee was down and recorded nothing. */
    private record Outcome(long end, long natural, String failure, Fault outage) {

        boolean absent() {
            return outage != null;
        }
    }

    private final Topology topology;
    private final Changes changes;
    private final Faults faults;
    private final SpanOutput output;
    private final long windowStart;
    private final int[] instances;
    private final Map<String, Optional<ModelPrice>> prices = new HashMap<>();
    private SplittableRandom shape;
    private SplittableRandom chance;
    private String traceId;

    Requests(Topology topology, SpanOutput output, long windowStartNanos) {
        this.topology = topology;
        this.changes = new Changes(topology.changes);
        this.faults = new Faults(topology.faults);
        this.output = output;
        this.windowStart = windowStartNanos;
        this.instances = new int[topology.serviceCount()];
    }

    /** Makes one request's spans; returns its trace id, or null when its entry was down and nothing was recorded. */
    String serve(long arrival, SplittableRandom shapeRandom, SplittableRandom chanceRandom) {
        this.shape = shapeRandom;
        this.chance = chanceRandom;
        Arrays.fill(instances, -1);
        traceId = Ids.trace(shape);
        OperationModel entry = topology.pickEntry(shape);
        Outcome root = operation(entry, "", arrival, 0);
        return root.absent() ? null : traceId;
    }

    private Outcome operation(OperationModel operation, String parentId, long start, int depth) {
        Draft span = newSpan(operation, parentId, start);
        Fault outage = faults.outage(span);
        if (outage != null) {
            return new Outcome(start, 0, Faults.outageMessage(outage, operation.service.name), outage);
        }
        long own = ownTime(operation.spec.latencyMs(), shape);
        long before = operation.calls.isEmpty() ? own : own / 2;
        long cursor = start + before;
        long natural = own;
        String childFailure = null;
        for (CallModel call : operation.calls) {
            if (depth >= MAX_DEPTH || !happens(call.spec().probability())) {
                continue;
            }
            Outcome done = call(span, call, cursor, depth + 1);
            cursor = done.end;
            natural += done.natural;
            childFailure = childFailure == null ? done.failure : childFailure;
        }
        cursor += own - before;
        String ownFailure = happens(operation.spec.errorRate()) ? operation.spec.name() + " failed: internal error" : null;
        boolean infoLog = shape.nextDouble() < INFO_LOG_SHARE && operation.kind == SpanKind.SERVER;
        return finish(span, cursor, natural, childFailure, ownFailure, infoLog, operation);
    }

    private Outcome call(Draft caller, CallModel call, long start, int depth) {
        OperationModel callee = call.callee();
        if (callee == null) {
            return dependency(caller, call, start);
        }
        if (call.inProcess(caller.service)) {
            Outcome done = operation(callee, caller.spanId, start, depth);
            if (done.absent()) {
                caller.affectedBy |= 1L << faults.bitOf(done.outage);
            }
            return done;
        }
        int calleeInstance = instanceOf(callee.service);
        var kind = callee.kind == SpanKind.CONSUMER ? SpanKind.PRODUCER : SpanKind.CLIENT;
        var client = new Draft(caller.service, caller.instance, kind, callee.spec.name(), null, caller.spanId,
                Ids.span(shape), start, minuteOf(start));
        client.attributes.put("peer.service", callee.service.name);
        call.attributes().pickInto(client.attributes, shape);
        changes.apply(client);
        int extraTries = faults.extraTries(client, callee.service.name, callee.spec.name(),
                callee.service.resource(calleeInstance), chance);
        client = failedTries(client, extraTries, callee.spec.latencyMs());
        long network = ownTime(NETWORK_MILLIS, shape);
        Outcome answer = operation(callee, client.spanId, client.start + network / 2, depth);
        if (answer.absent()) {
            client.affectedBy |= 1L << faults.bitOf(answer.outage);
            return finish(client, client.start + network, network, answer.failure, null, false, null);
        }
        return finish(client, answer.end + network - network / 2, network + answer.natural, answer.failure, null,
                false, null);
    }

    /** A call to something uninstrumented (a database, an external API): only the caller's client span. */
    private Outcome dependency(Draft caller, CallModel call, long start) {
        var client = new Draft(caller.service, caller.instance, SpanKind.CLIENT, call.spec().operation(), null,
                caller.spanId, Ids.span(shape), start, minuteOf(start));
        call.attributes().pickInto(client.attributes, shape);
        changes.apply(client);
        long own = ownTime(call.dependencyMillis(), shape);
        client = failedTries(client, faults.extraTries(client, null, null, null, chance), call.dependencyMillis());
        Fault outage = faults.outage(client);
        if (outage != null) {
            client.affectedBy |= 1L << faults.bitOf(outage);
            String down = client.attributes.getOrDefault("peer.service", client.name);
            return finish(client, client.start + own, own, Faults.outageMessage(outage, down), null, false, null);
        }
        return finish(client, client.start + own, own, null, null, false, null);
    }

    /** Writes out the failing tries of a retried call, one after the other; returns the last try, still to make. */
    private Draft failedTries(Draft client, int extraTries, double latencyMillis) {
        Draft attempt = client;
        for (int i = 0; i < extraTries; i++) {
            long end = attempt.start + ownTime(latencyMillis, chance);
            output.emit(attempt, traceId, end, faults.retryMessage(attempt), false);
            attempt = attempt.retry(Ids.span(chance), end, minuteOf(end));
        }
        return attempt;
    }

    /**
     * Settles a span whose children are done: an errors fault's failure first, then a child's,
     * then its own; a latency fault stretches it to its magnitude times the time it would have
     * taken without any, after its children (which the stretch of theirs already moved).
     */
    private Outcome finish(Draft span, long end, long natural, String childFailure, String ownFailure, boolean infoLog,
            OperationModel operation) {
        String failure = faults.failure(span, chance);
        failure = failure != null ? failure : childFailure != null ? childFailure : ownFailure;
        double slowdown = faults.slowdown(span);
        long settledEnd = slowdown == 1 ? end : Math.max(end, span.start + Math.round(natural * slowdown));
        if (operation != null && operation.httpMethod != null) {
            span.attributes.put("http.request.method", operation.httpMethod);
            span.attributes.put("http.route", operation.httpRoute);
            span.attributes.put("http.response.status_code", failure == null ? "200" : "500");
        }
        output.emit(span, traceId, settledEnd, failure, infoLog && failure == null);
        return new Outcome(settledEnd, natural, failure, null);
    }

    private Draft newSpan(OperationModel operation, String parentId, long start) {
        int instance = instanceOf(operation.service);
        String llmOperation = operation.isLlm() ? operation.spec.name() : null;
        var span = new Draft(operation.service, instance, operation.kind, operation.spec.name(), llmOperation, parentId,
                Ids.span(shape), start, minuteOf(start));
        operation.attributes.pickInto(span.attributes, shape);
        Llm llm = operation.spec.llm();
        if (llm != null) {
            span.attributes.putIfAbsent("gen_ai.operation.name", operation.spec.name());
            span.attributes.putIfAbsent("gen_ai.system", llm.system());
            if (!span.attributes.containsKey("gen_ai.request.model") && !llm.models().isEmpty()) {
                span.attributes.put("gen_ai.request.model", llm.models().get(shape.nextInt(llm.models().size())));
            }
        }
        changes.apply(span);
        if (llm != null) {
            useTokens(span, llm);
        }
        return span;
    }

    /** The LLM call's name after its model (as GenAI instrumentations name it), tokens and cost. */
    private void useTokens(Draft span, Llm llm) {
        String model = span.attributes.getOrDefault("gen_ai.request.model", "");
        if (span.llmOperation.indexOf(' ') < 0 && !model.isEmpty()) {
            span.name = span.llmOperation + " " + model;
        }
        long spreadInput = Math.round(llm.inputTokens() * spread());
        long output = Math.round(llm.outputTokens() * spread());
        double factor = faults.tokenFactor(span);
        long input = factor == 1 ? spreadInput : Math.round(spreadInput * factor);
        span.attributes.put("gen_ai.usage.input_tokens", Long.toString(input));
        span.attributes.put("gen_ai.usage.output_tokens", Long.toString(output));
        double cost = prices.computeIfAbsent(model, PRICES::priceOf)
                .map(price -> price.cost(TokenCounts.of(input, output)).doubleValue())
                .orElse(0.0);
        String system = span.attributes.getOrDefault("gen_ai.system", llm.system());
        span.llm = new LlmUsage(system, model, input, output, cost);
    }

    private double spread() {
        return 1 - TOKEN_SPREAD + 2 * TOKEN_SPREAD * shape.nextDouble();
    }

    private int instanceOf(Topology.Service service) {
        if (instances[service.index] < 0) {
            instances[service.index] = service.instances == 1 ? 0 : shape.nextInt(service.instances);
        }
        return instances[service.index];
    }

    /** Whether something with that share happens this time; draws only for a share strictly between 0 and 1. */
    private boolean happens(double share) {
        if (share <= 0) {
            return false;
        }
        return share >= 1 || shape.nextDouble() < share;
    }

    private double minuteOf(long nanos) {
        return (nanos - windowStart) / 60e9;
    }

    /**
     * A log-normal time around the median. The normal draw is Box-Muller over {@link StrictMath},
     * not {@code nextGaussian}, whose result may differ in its last bits between machines.
     */
    static long ownTime(double medianMillis, SplittableRandom random) {
        double u1 = 1 - random.nextDouble();
        double u2 = random.nextDouble();
        double normal = StrictMath.sqrt(-2 * StrictMath.log(u1)) * StrictMath.cos(2 * StrictMath.PI * u2);
        normal = Math.max(-MOST_DEVIATIONS, Math.min(MOST_DEVIATIONS, normal));
        long nanos = Math.round(medianMillis * StrictMath.exp(SIGMA * normal) * 1_000_000);
        return Math.max(SHORTEST_NANOS, nanos);
    }
}
