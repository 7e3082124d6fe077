package dev.tracehound.app;

import dev.tracehound.incidents.alerting.IncidentEngine;
import dev.tracehound.incidents.alerting.RoundResult;
import dev.tracehound.incidents.approve.ApprovalRequests;
import dev.tracehound.incidents.investigate.Investigations;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each instance does every tick: evaluates the checks whose interval came round (a lease per
 * check and interval makes each evaluation one instance's), starts queued investigations (claimed,
 * within each workspace's concurrency), and escalates or expires unanswered approvals. Each part
 * runs even when another failed; a failure is logged and counted, and the next tick tries again.
 */
final class IncidentsJob implements AutoCloseable {

    static final String RUNS = "tracehound.incidents.runs";

    private static final Logger log = LoggerFactory.getLogger(IncidentsJob.class);

    private final IncidentEngine engine;
    private final Investigations investigations;
    private final ApprovalRequests approvals;
    private final MeterRegistry meters;
    private final FixedDelaySchedule schedule;

    IncidentsJob(IncidentEngine engine, Investigations investigations, ApprovalRequests approvals, MeterRegistry meters,
            Duration tick) {
        this.engine = engine;
        this.investigations = investigations;
        this.approvals = approvals;
        this.meters = meters;
        this.schedule = new FixedDelaySchedule("incidents", tick, meters, RUNS);
    }

    void start(Duration initialDelay) {
        schedule.start(initialDelay, this::runOnce);
    }

    /** @return the round's result, or null when a run was going already */
    RoundResult runOnce() {
        return schedule.exclusively(() -> {
            RoundResult round = part("evaluation", () -> engine.round(Instant.now()));
            // Right after the round: an investigation it asked for starts now, not a tick later.
            part("investigations", () -> investigations.runDue(Instant.now()));
            part("approvals", () -> approvals.escalateDue(Instant.now()));
            if (round != null) {
                meters.counter("tracehound.incidents.evaluations").increment(round.evaluated());
                meters.counter("tracehound.incidents.evaluations.failed").increment(round.failed());
            }
            meters.counter(RUNS, "outcome", "ok").increment();
            return round;
        });
    }

    private <T> T part(String name, java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (RuntimeException e) {
            meters.counter("tracehound.incidents.failures", "part", name).increment();
            log.warn("incidents: the {} part of this tick failed (the next tick tries again): {}", name, e.toString());
            return null;
        }
    }

    @Override
    public void close() {
        schedule.close();
    }
}
