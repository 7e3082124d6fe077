package dev.tracehound.demo;

import dev.tracehound.demo.Incident.CheckoutDeploySlowsPayments;
import dev.tracehound.demo.Incident.InventoryReplicaSlowsReads;
import java.time.Instant;
import java.util.List;

/** How the shop behaves at a given instant, once the scenario's incidents are applied. */
final class Conditions {

    private final List<Incident> incidents;

    Conditions(List<Incident> incidents) {
        this.incidents = List.copyOf(incidents);
    }

    /** Checkout runs the version of the last deploy so far, or before any deploy, the version the first one replaced. */
    String versionOf(Service service, long epochNanos) {
        if (service != Service.CHECKOUT) {
            return service.baselineVersion;
        }
        CheckoutDeploySlowsPayments latestDone = null;
        CheckoutDeploySlowsPayments first = null;
        for (Incident incident : incidents) {
            switch (incident) {
                case CheckoutDeploySlowsPayments deploy -> {
                    long at = nanos(deploy.deployedAt());
                    if (at <= epochNanos && (latestDone == null || at > nanos(latestDone.deployedAt()))) {
                        latestDone = deploy;
                    }
                    if (first == null || at < nanos(first.deployedAt())) {
                        first = deploy;
                    }
                }
                case InventoryReplicaSlowsReads replica -> {
                }
            }
        }
        if (latestDone != null) {
            return latestDone.newVersion();
        }
        return first != null ? first.previousVersion() : service.baselineVersion;
    }

    /** The incident slowing payments through {@code provider} at this instant, or null if none does. */
    CheckoutDeploySlowsPayments paymentSlowdown(String provider, long epochNanos) {
        for (Incident incident : incidents) {
            switch (incident) {
                case CheckoutDeploySlowsPayments deploy -> {
                    if (deploy.provider().equals(provider) && nanos(deploy.deployedAt()) <= epochNanos) {
                        return deploy;
                    }
                }
                case InventoryReplicaSlowsReads replica -> {
                }
            }
        }
        return null;
    }

    /**
     * The read replicas inventory's reads are spread over, or none: then they go to the primary. Only
     * scenarios that model a replica incident have replicas, so the others keep their rows as they were.
     */
    List<String> inventoryReadReplicas() {
        for (Incident incident : incidents) {
            if (incident instanceof InventoryReplicaSlowsReads replica) {
                return replica.replicas();
            }
        }
        return List.of();
    }

    /** The incident slowing the reads {@code replica} serves at this instant, or null if none does. */
    InventoryReplicaSlowsReads replicaSlowdown(String replica, long epochNanos) {
        for (Incident incident : incidents) {
            if (incident instanceof InventoryReplicaSlowsReads slowdown && slowdown.slowReplica().equals(replica)
                    && nanos(slowdown.startsAt()) <= epochNanos) {
                return slowdown;
            }
        }
        return null;
    }

    static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
