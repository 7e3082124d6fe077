package dev.tracehound.demo;

import dev.tracehound.analytics.LogRow;
import dev.tracehound.demo.Incident.CheckoutDeploySlowsPayments;
import dev.tracehound.demo.Incident.InventoryReplicaSlowsReads;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Logs that belong to no request: scheduled jobs, Kubernetes health probes and the pod churn of
 * deploys. Produced in time order, one occasion at a time, so they can be merged with the traces.
 */
final class BackgroundActivity {

    private enum Job {
        STOCK_RECONCILIATION(Service.INVENTORY, 60, 5),
        EMBEDDING_REFRESH(Service.RECOMMENDATION, 30, 12),
        ABANDONED_CART_CLEANUP(Service.CHECKOUT, 60, 30),
        SETTLEMENT_EXPORT(Service.PAYMENTS, 24 * 60, 2 * 60);

        final Service service;
        final long periodNanos;
        final long offsetNanos;

        Job(Service service, long periodMinutes, long offsetMinutes) {
            this.service = service;
            this.periodNanos = periodMinutes * MINUTE;
            this.offsetNanos = offsetMinutes * MINUTE;
        }
    }

    private record Deploy(long at, CheckoutDeploySlowsPayments incident) {
    }

    private static final long MINUTE = 60_000_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final Service[] PROBED = Service.values();

    private final String projectId;
    private final Fleet fleet;
    private final Rng rng;
    private final long windowEnd;
    private final double healthChecksPerNano;
    private final long[] nextJobRun = new long[Job.values().length];
    private final List<Deploy> deploys = new ArrayList<>();
    private int nextDeploy;
    private long nextHealthCheck;
    private long logCount;

    BackgroundActivity(String projectId, Fleet fleet, List<Incident> incidents, long windowStart, long windowEnd,
            double healthChecksPerSecond, Rng rng) {
        this.projectId = projectId;
        this.fleet = fleet;
        this.rng = rng;
        this.windowEnd = windowEnd;
        this.healthChecksPerNano = healthChecksPerSecond / 1e9;
        for (Job job : Job.values()) {
            long runs = Math.ceilDiv(windowStart - job.offsetNanos, job.periodNanos);
            nextJobRun[job.ordinal()] = runs * job.periodNanos + job.offsetNanos;
        }
        for (Incident incident : incidents) {
            switch (incident) {
                case CheckoutDeploySlowsPayments deploy -> {
                    long at = Conditions.nanos(deploy.deployedAt());
                    if (at >= windowStart && at < windowEnd) {
                        deploys.add(new Deploy(at, deploy));
                    }
                }
                case InventoryReplicaSlowsReads replica -> {
                }
            }
        }
        deploys.sort(Comparator.comparingLong(Deploy::at));
        nextHealthCheck = windowStart + (long) rng.nextExponential(healthChecksPerNano);
    }

    /** When the next background logs happen, or {@link Long#MAX_VALUE} if not within the window. */
    long nextTime() {
        long next = nextHealthCheck;
        for (long run : nextJobRun) {
            next = Math.min(next, run);
        }
        if (nextDeploy < deploys.size()) {
            next = Math.min(next, deploys.get(nextDeploy).at());
        }
        return next < windowEnd ? next : Long.MAX_VALUE;
    }

    void emitNext(TelemetrySink sink) {
        long next = nextTime();
        if (nextDeploy < deploys.size() && deploys.get(nextDeploy).at() == next) {
            deploy(sink, deploys.get(nextDeploy++));
            return;
        }
        for (Job job : Job.values()) {
            if (nextJobRun[job.ordinal()] == next) {
                run(sink, job, next);
                nextJobRun[job.ordinal()] += job.periodNanos;
                return;
            }
        }
        healthCheck(sink, next);
        nextHealthCheck = next + Math.max(1, (long) rng.nextExponential(healthChecksPerNano));
    }

    long logCount() {
        return logCount;
    }

    private void run(TelemetrySink sink, Job job, long at) {
        ServiceInstance pod = fleet.pick(job.service, at, rng);
        switch (job) {
            case STOCK_RECONCILIATION -> {
                long took = (long) (rng.between(0.6, 2.5) * SECOND);
                int checked = 380 + rng.nextInt(20);
                int adjusted = rng.nextInt(6);
                emit(sink, pod, at, Severity.INFO, "stock reconciliation started", "job.name", "stock-reconciliation");
                if (rng.chance(0.1)) {
                    emit(sink, pod, at + took / 2, Severity.WARN, "stock drift detected: database has "
                            + (5 + rng.nextInt(20)) + " units reserved that no open order holds", "job.name", "stock-reconciliation");
                }
                emit(sink, pod, at + took, Severity.INFO, "stock reconciliation finished: " + checked + " products checked, "
                        + adjusted + " adjusted in " + took / 1_000_000 + " ms", "job.name", "stock-reconciliation");
            }
            case EMBEDDING_REFRESH -> {
                long took = (long) (rng.between(20, 60) * SECOND);
                emit(sink, pod, at + took, Severity.INFO, "refreshed " + (20 + rng.nextInt(120))
                        + " product embeddings with text-embedding-3-small in " + took / SECOND + " s", "job.name", "embedding-refresh");
            }
            case ABANDONED_CART_CLEANUP -> emit(sink, pod, at + (long) (rng.between(0.1, 0.9) * SECOND), Severity.INFO,
                    "removed " + (10 + rng.nextInt(80)) + " abandoned carts older than 24 h", "job.name", "abandoned-cart-cleanup");
            case SETTLEMENT_EXPORT -> emit(sink, pod, at + (long) (rng.between(30, 90) * SECOND), Severity.INFO,
                    "settlement export finished: " + (2000 + rng.nextInt(9000)) + " charges and " + rng.nextInt(60)
                            + " refunds exported to the ledger", "job.name", "settlement-export");
        }
    }

    private void healthCheck(TelemetrySink sink, long at) {
        ServiceInstance pod = fleet.pick(PROBED[rng.nextInt(PROBED.length)], at, rng);
        if (rng.chance(0.02)) {
            emit(sink, pod, at, Severity.WARN, "health check slow: redis ping took " + (150 + rng.nextInt(400)) + " ms",
                    "http.route", "/healthz");
        } else {
            emit(sink, pod, at, Severity.INFO, "health check passed", "http.route", "/healthz");
        }
    }

    /** The rollout replaces every pod at once: new ones report ready, old ones shut down. */
    private void deploy(TelemetrySink sink, Deploy deploy) {
        CheckoutDeploySlowsPayments incident = deploy.incident();
        long t = deploy.at();
        for (ServiceInstance pod : fleet.instancesOf(Service.CHECKOUT, incident.newVersion())) {
            emit(sink, pod, t, Severity.INFO, "Started CheckoutApplication v" + incident.newVersion() + " in "
                    + (7 + rng.nextInt(3)) + "." + rng.nextInt(10) + " seconds", "k8s.pod.name", pod.podName());
            t += (long) (rng.between(0.1, 0.4) * SECOND);
        }
        for (ServiceInstance pod : fleet.instancesOf(Service.CHECKOUT, incident.previousVersion())) {
            emit(sink, pod, t, Severity.INFO, "Received SIGTERM, shutting down gracefully", "k8s.pod.name", pod.podName());
            emit(sink, pod, t + (long) (rng.between(1, 3) * SECOND), Severity.INFO, "Graceful shutdown complete",
                    "k8s.pod.name", pod.podName());
            t += (long) (rng.between(0.1, 0.4) * SECOND);
        }
    }

    private void emit(TelemetrySink sink, ServiceInstance pod, long at, Severity severity, String body, String... attributes) {
        LogRow log = TraceRecorder.logRow(projectId, pod, at, at + TraceRecorder.observationDelay(rng), "", "", severity,
                body, attributes);
        sink.log(log);
        logCount++;
    }
}
