package dev.tracehound.demo;

import java.time.Duration;
import java.time.Instant;
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
}
