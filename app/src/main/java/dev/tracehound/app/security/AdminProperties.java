package dev.tracehound.app.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The operator's keys for the actuator: the admin key shows health's details and reads
 * the metrics; the metrics key only reads the metrics, for a Prometheus scraper to hold. Blank:
 * not configured, nobody gets in with it. Keys are secrets: {@link #toString()} never shows them.
 *
 * @param key        sent as {@code Authorization: Bearer <key>} to {@code /actuator/*}
 * @param metricsKey sent the same way to {@code /actuator/prometheus} only
 */
@ConfigurationProperties("tracehound.admin")
record AdminProperties(String key, String metricsKey) {

    /** Shorter keys can be guessed; a configured one must at least be this long. */
    static final int MIN_LENGTH = 16;

    AdminProperties {
        key = key == null ? "" : key.strip();
        metricsKey = metricsKey == null ? "" : metricsKey.strip();
        requireLength("tracehound.admin.key (TRACEHOUND_ADMIN_KEY)", key);
        requireLength("tracehound.admin.metrics-key (TRACEHOUND_ADMIN_METRICS_KEY)", metricsKey);
    }

    private static void requireLength(String setting, String value) {
        if (!value.isEmpty() && value.length() < MIN_LENGTH) {
            throw new IllegalArgumentException(setting + " is " + value.length() + " characters long; use at least "
                    + MIN_LENGTH + " random characters, or leave it unset to turn it off");
        }
    }

    @Override
    public String toString() {
        return "AdminProperties[key=" + (key.isEmpty() ? "unset" : "set") + ", metricsKey="
                + (metricsKey.isEmpty() ? "unset" : "set") + "]";
    }
}
