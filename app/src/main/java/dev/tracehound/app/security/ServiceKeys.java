package dev.tracehound.app.security;

import static dev.tracehound.platform.SecretDigest.sha256;

import java.security.MessageDigest;

/**
 * Which of the configured keys a presented bearer token is. Keys are compared as SHA-256
 * digests with {@link MessageDigest#isEqual}, so the time taken tells nothing about how much of
 * a guess was right, nor how long the key is.
 */
final class ServiceKeys {

    enum Holder { ADMIN, METRICS, NONE }

    private final byte[] admin;
    private final byte[] metrics;

    ServiceKeys(AdminProperties properties) {
        this.admin = properties.key().isEmpty() ? null : sha256(properties.key());
        this.metrics = properties.metricsKey().isEmpty() ? null : sha256(properties.metricsKey());
    }

    boolean adminKeySet() {
        return admin != null;
    }

    boolean metricsKeySet() {
        return metrics != null;
    }

    Holder holderOf(String token) {
        byte[] presented = sha256(token);
        // Both comparisons always run, so the answer's timing does not say which key matched.
        boolean isAdmin = admin != null & MessageDigest.isEqual(presented, admin == null ? presented : admin);
        boolean isMetrics = metrics != null & MessageDigest.isEqual(presented, metrics == null ? presented : metrics);
        return isAdmin ? Holder.ADMIN : isMetrics ? Holder.METRICS : Holder.NONE;
    }
}
