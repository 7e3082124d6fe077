package dev.tracehound.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** Something that goes wrong on purpose, at a known instant, so investigations have a ground truth. */
public sealed interface Incident {

    Instant startsAt();

    /** One sentence saying what happens, for humans and for evaluation reports. */
    String description();

    /** The default incident: checkout 2.3.1 is deployed and stripe_v3 payments become slow and time out. */
    static CheckoutDeploySlowsPayments checkoutDeploy(Instant deployedAt) {
        return new CheckoutDeploySlowsPayments(deployedAt, "2.3.0", "2.3.1", "stripe_v3", Duration.ofMillis(2000), 0.08);
    }

    /**
     * The second demo incident: inventory's reads are spread over three PostgreSQL read replicas, and
     * from {@code at} the ones served by replica-2 become slow and some hit the statement timeout.
     */
    static InventoryReplicaSlowsReads inventoryReplica(Instant at) {
        return new InventoryReplicaSlowsReads(at, List.of("replica-1", "replica-2", "replica-3"), "replica-2",
                Duration.ofMillis(240), Duration.ofMillis(1100), Duration.ofMillis(1500), 0.05);
    }

    /**
     * At {@code deployedAt} every checkout pod is replaced by one running {@code newVersion}. From then
     * on payments charged through {@code provider} take far longer, and {@code timeoutRatio} of them
     * hit the {@code providerTimeout}, failing the charge, the order and the frontend request.
     */
    record CheckoutDeploySlowsPayments(
            Instant deployedAt,
            String previousVersion,
            String newVersion,
            String provider,
            Duration providerTimeout,
            double timeoutRatio) implements Incident {

        public CheckoutDeploySlowsPayments {
            Objects.requireNonNull(deployedAt, "deployedAt");
            Objects.requireNonNull(previousVersion, "previousVersion");
            Objects.requireNonNull(newVersion, "newVersion");
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(providerTimeout, "providerTimeout");
            if (providerTimeout.toMillis() < 100) {
                throw new IllegalArgumentException("provider timeout must be at least 100 ms");
            }
            if (!(timeoutRatio >= 0 && timeoutRatio <= 1)) {
                throw new IllegalArgumentException("timeout ratio must be within 0..1, was " + timeoutRatio);
            }
        }

        @Override
        public Instant startsAt() {
            return deployedAt;
        }

        @Override
        public String description() {
            return "checkout " + newVersion + " deployed at " + deployedAt + " (was " + previousVersion + "); payments via "
                    + provider + " slow down to ~" + providerTimeout.toMillis() + " ms p99 and "
                    + Math.round(timeoutRatio * 1000) / 10.0 + "% of them time out";
        }
    }

    /**
     * The inventory service sends its reads to {@code replicas} (the whole scenario long, so there is a
     * healthy before). From {@code startsAt} the reads {@code slowReplica} serves take {@code slowReadMedian}
     * at the median and {@code slowReadP99} at the 99th percentile, and {@code timeoutRatio} of them are
     * cancelled at the {@code statementTimeout}, failing the product lookup or the stock check they serve.
     */
    record InventoryReplicaSlowsReads(
            Instant startsAt,
            List<String> replicas,
            String slowReplica,
            Duration slowReadMedian,
            Duration slowReadP99,
            Duration statementTimeout,
            double timeoutRatio) implements Incident {

        public InventoryReplicaSlowsReads {
            Objects.requireNonNull(startsAt, "startsAt");
            replicas = List.copyOf(replicas);
            Objects.requireNonNull(slowReplica, "slowReplica");
            if (!replicas.contains(slowReplica)) {
                throw new IllegalArgumentException("the slow replica " + slowReplica + " is not one of " + replicas);
            }
            Objects.requireNonNull(slowReadMedian, "slowReadMedian");
            Objects.requireNonNull(slowReadP99, "slowReadP99");
            Objects.requireNonNull(statementTimeout, "statementTimeout");
            if (slowReadMedian.toMillis() < 1 || slowReadP99.compareTo(slowReadMedian) < 0) {
                throw new IllegalArgumentException("need 1 ms <= median <= p99, got " + slowReadMedian + " and " + slowReadP99);
            }
            if (statementTimeout.compareTo(slowReadP99) <= 0) {
                throw new IllegalArgumentException("the statement timeout must be longer than the p99 of slow reads");
            }
            if (!(timeoutRatio >= 0 && timeoutRatio <= 1)) {
                throw new IllegalArgumentException("timeout ratio must be within 0..1, was " + timeoutRatio);
            }
        }

        @Override
        public String description() {
            return "from " + startsAt + " inventory reads served by PostgreSQL read replica " + slowReplica + " (of "
                    + replicas.size() + ") slow down to ~" + slowReadMedian.toMillis() + " ms median and ~"
                    + slowReadP99.toMillis() + " ms p99, and " + Math.round(timeoutRatio * 1000) / 10.0
                    + "% of them hit the " + statementTimeout.toMillis() + " ms statement timeout";
        }
    }
}
