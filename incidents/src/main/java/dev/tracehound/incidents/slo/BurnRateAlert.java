package dev.tracehound.incidents.slo;

import dev.tracehound.incidents.Severity;
import java.time.Duration;

/**
 * The multi-window burn-rate alerts every SLO has (after Google's SRE workbook): an alert breaches
 * when the budget burns at least {@code factor} times as fast as the period allows over both its
 * long and its short window; the short window makes it stop soon after the burning does.
 * Fast: 2 % of a 30-day budget in an hour; slow: 5 % in six hours.
 */
public enum BurnRateAlert {
    FAST(Duration.ofHours(1), Duration.ofMinutes(5), 14.4, Severity.HIGH),
    SLOW(Duration.ofHours(6), Duration.ofMinutes(30), 6, Severity.MEDIUM);

    private final Duration longWindow;
    private final Duration shortWindow;
    private final double factor;
    private final Severity severity;

    BurnRateAlert(Duration longWindow, Duration shortWindow, double factor, Severity severity) {
        this.longWindow = longWindow;
        this.shortWindow = shortWindow;
        this.factor = factor;
        this.severity = severity;
    }

    public Duration longWindow() {
        return longWindow;
    }

    public Duration shortWindow() {
        return shortWindow;
    }

    public double factor() {
        return factor;
    }

    public Severity severity() {
        return severity;
    }

    /** Its series key and label value: {@code fast-burn} or {@code slow-burn}. */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT) + "-burn";
    }
}
