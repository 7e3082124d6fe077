package dev.tracehound.evals.generate;

import dev.tracehound.evals.scenario.Scenario;
import dev.tracehound.evals.scenario.TelemetrySpec;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * Makes a scenario's telemetry: spans and logs, the same to the byte for the same scenario and
 * project, from the scenario's seed alone (no clock, no shared random).
 *
 * <p>Requests arrive over the window, from {@link Scenario#start()} to its anchor, at the
 * spec's rate, one in each equal slot at a random point of it, each at an entry picked by
 * weight; what a request does follows {@link TelemetrySpec}'s javadoc. Where the format leaves
 * something open, this is what happens:
 * <ul>
 *   <li>a call to another operation of the caller's own service is in-process: the callee's
 *       span sits directly under the caller's, with no client span between them;</li>
 *   <li>an uninstrumented dependency answers in about 4 ms when its call has a {@code db.system}
 *       attribute, 25 ms otherwise (calls have no latency of their own in the format), and fails
 *       only by a fault;</li>
 *   <li>an LLM call's span is a client span named {@code <operation> <model>} when the
 *       operation's name is one word ({@code chat gpt-4o}), else the operation's name; it carries
 *       {@code gen_ai.operation.name} = the operation's name, and a selector naming that operation
 *       selects it whatever the model;</li>
 *   <li>a span that fails keeps making its remaining calls; its message is an errors fault's,
 *       else its failing child's, else its own ({@code <name> failed: internal error});</li>
 *   <li>an outage of the entry service leaves its requests without any span; an outage selected
 *       on an uninstrumented dependency's client span fails that span;</li>
 *   <li>a retries fault selects a call by its client span or by its callee; the failed tries
 *       are client spans of the callee's typical time without a callee span under them.</li>
 * </ul>
 * Rows go to the sink as they are made, so a scenario of any length takes little memory; the
 * {@link Generated} keeps only what the scenario's questions ask about. Safe to call from
 * several threads at once, a scenario each.
 */
public final class TelemetryGenerator {

    private TelemetryGenerator() {
    }

    public static Generated generate(Scenario scenario, String projectId, TelemetrySink sink) {
        TelemetrySpec spec = scenario.telemetry();
        var ledger = new Ledger(scenario);
        var output = new SpanOutput(projectId, sink, ledger);
        long windowStart = nanos(scenario.start());
        var requests = new Requests(new Topology(spec), output, windowStart);
        var arrivals = new SplittableRandom(scenario.seed());
        long count = (long) Math.floor(spec.minutes() * spec.requestsPerMinute());
        double slotNanos = 60e9 / spec.requestsPerMinute();
        long traces = 0;
        for (long i = 0; i < count; i++) {
            long arrival = windowStart + (long) ((i + arrivals.nextDouble()) * slotNanos);
            // Each request draws from streams of its own: what one request does never shifts the next.
            SplittableRandom shape = arrivals.split();
            SplittableRandom chance = arrivals.split();
            String traceId = requests.serve(arrival, shape, chance);
            if (traceId != null) {
                traces++;
                ledger.endTrace(traceId);
            }
        }
        return ledger.result(output.spans(), output.logs(), traces);
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
