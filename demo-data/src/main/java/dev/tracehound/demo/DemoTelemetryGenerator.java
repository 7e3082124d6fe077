package dev.tracehound.demo;

import dev.tracehound.analytics.LogRow;
import dev.tracehound.analytics.SpanRow;
import dev.tracehound.demo.Frontend.CheckoutRetry;
import dev.tracehound.demo.Incident.CheckoutDeploySlowsPayments;
import dev.tracehound.demo.Incident.InventoryReplicaSlowsReads;
import java.util.Comparator;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * Generates the telemetry of a small online shop for a {@link Scenario}: traces across five
 * services, correlated and background logs, the pods' metrics ({@link MetricRecorder}), a daily
 * traffic curve and the scenario's incidents.
 *
 * <p>Rows go to the sink as they are made, trace by trace in order of start time; nothing is kept
 * beyond the trace in progress, so any size can be generated in constant memory. The same scenario
 * gives the same rows, on any machine.
 */
public final class DemoTelemetryGenerator {

    /** Traces simulated up front to learn how many spans a request makes, for {@link Load.TargetSpanCount}. */
    private static final int PILOT_TRACES = 2_000;
    /** Bounds the retries waiting for their time; more are dropped (shoppers give up). */
    private static final int MAX_PENDING_RETRIES = 10_000;
    private static final long ARRIVALS_STREAM = -1;
    private static final long BACKGROUND_STREAM = -2;
    private static final long PILOT_STREAM = Long.MIN_VALUE;

    private final Scenario scenario;
    private final long windowStart;
    private final long windowEnd;
    private final Catalogue catalogue = new Catalogue();
    private final double peakRequestsPerSecond;

    public DemoTelemetryGenerator(Scenario scenario) {
        this.scenario = Objects.requireNonNull(scenario, "scenario");
        this.windowStart = Conditions.nanos(scenario.windowStart());
        this.windowEnd = Conditions.nanos(scenario.windowEnd());
        for (Incident incident : scenario.incidents()) {
            switch (incident) {
                case CheckoutDeploySlowsPayments deploy -> {
                    if (Payments.PROVIDERS.stream().noneMatch(provider -> provider.name().equals(deploy.provider()))) {
                        throw new IllegalArgumentException("unknown payment provider " + deploy.provider() + "; known: "
                                + Payments.PROVIDERS.stream().map(Payments.Provider::name).toList());
                    }
                }
                case InventoryReplicaSlowsReads replica -> {
                    if (scenario.incidents().stream().filter(InventoryReplicaSlowsReads.class::isInstance).count() > 1) {
                        throw new IllegalArgumentException("a scenario models one set of inventory read replicas;"
                                + " give at most one replica incident");
                    }
                }
            }
        }
        this.peakRequestsPerSecond = switch (scenario.load()) {
            case Load.PeakRequestRate rate -> rate.requestsPerSecond();
            case Load.TargetSpanCount target -> target.spans()
                    / (estimateSpansPerRequest() * new DiurnalCurve(scenario.seed()).integralSeconds(windowStart, windowEnd));
        };
    }

    Scenario scenario() {
        return scenario;
    }

    /** Frontend requests per second at the daily peak, as given or as derived from a target span count. */
    double peakRequestsPerSecond() {
        return peakRequestsPerSecond;
    }

    /** Generates the whole scenario into {@code sink}; may be called again for the very same rows. */
    public GenerationSummary generate(TelemetrySink sink) {
        Objects.requireNonNull(sink, "sink");
        var metered = new MetricRecorder(sink, scenario.projectId(), windowStart);
        long seed = scenario.seed();
        Conditions conditions = new Conditions(scenario.incidents());
        PriorityQueue<CheckoutRetry> retries = new PriorityQueue<>(Comparator.comparingLong(CheckoutRetry::at));
        Shop shop = new Shop(scenario.projectId(), conditions, catalogue, retry -> {
            if (retry.at() < windowEnd && retries.size() < MAX_PENDING_RETRIES) {
                retries.add(retry);
            }
        });
        TraceRecorder recorder = shop.recorder();
        DiurnalCurve curve = new DiurnalCurve(seed);
        Arrivals arrivals = new Arrivals(curve, peakRequestsPerSecond, windowStart, windowEnd,
                new Rng(Rng.derive(seed, ARRIVALS_STREAM)));
        double meanRequestsPerSecond = peakRequestsPerSecond * curve.integralSeconds(windowStart, windowEnd)
                / ((windowEnd - windowStart) / 1e9);
        BackgroundActivity background = new BackgroundActivity(scenario.projectId(), recorder.fleet(),
                scenario.incidents(), windowStart, windowEnd, Math.max(1.0 / 600, 0.02 * meanRequestsPerSecond),
                new Rng(Rng.derive(seed, BACKGROUND_STREAM)));

        long traceIndex = 0;
        long nextArrival = arrivals.next();
        while (true) {
            long nextRetry = retries.isEmpty() ? Long.MAX_VALUE : retries.peek().at();
            long nextTrace = Math.min(nextArrival, nextRetry);
            long nextBackground = background.nextTime();
            if (nextTrace == Long.MAX_VALUE && nextBackground == Long.MAX_VALUE) {
                break;
            }
            if (nextBackground <= nextTrace) {
                background.emitNext(metered);
                continue;
            }
            recorder.begin(Rng.derive(seed, traceIndex++));
            if (nextRetry < nextArrival) {
                shop.frontend().retry(retries.poll());
            } else {
                shop.frontend().request(nextArrival);
                nextArrival = arrivals.next();
            }
            recorder.emitTo(metered);
        }
        metered.finish(windowEnd);
        return new GenerationSummary(recorder.traceCount(), recorder.spanCount(),
                recorder.logCount() + background.logCount(), recorder.errorSpanCount(), recorder.failedTraceCount(),
                scenario.windowStart(), scenario.windowEnd(), peakRequestsPerSecond, scenario.incidents());
    }

    /** Simulates sample requests spread over the window and counts their spans. */
    private double estimateSpansPerRequest() {
        Shop pilot = new Shop(scenario.projectId(), new Conditions(scenario.incidents()), catalogue, retry -> { });
        TelemetrySink discard = new TelemetrySink() {
            @Override
            public void span(SpanRow span) {
            }

            @Override
            public void log(LogRow log) {
            }
        };
        TraceRecorder recorder = pilot.recorder();
        for (int i = 0; i < PILOT_TRACES; i++) {
            recorder.begin(Rng.derive(scenario.seed(), PILOT_STREAM + i));
            pilot.frontend().request(windowStart + (windowEnd - windowStart) / PILOT_TRACES * i);
            recorder.emitTo(discard);
        }
        return (double) recorder.spanCount() / PILOT_TRACES;
    }
}
