package dev.tracehound.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What to generate: whose data (project id), which time window, the seed that makes it repeatable,
 * how much traffic, and which incidents to inject. The same scenario always yields the same rows.
 */
public record Scenario(
        String projectId,
        Instant windowStart,
        Duration windowLength,
        long seed,
        Load load,
        List<Incident> incidents) {

    static final long DEFAULT_SEED = 20240611L;
    static final long DEFAULT_TARGET_SPANS = 500_000;
    static final Duration DEFAULT_WINDOW = Duration.ofHours(24);
    /** Where in the window the demo's deploy incident happens: late enough for "since this morning" questions. */
    static final double DEFAULT_INCIDENT_POSITION = 0.75;

    public Scenario {
        Objects.requireNonNull(projectId, "projectId");
        if (projectId.isBlank()) {
            throw new IllegalArgumentException("project id must not be blank");
        }
        Objects.requireNonNull(windowStart, "windowStart");
        Objects.requireNonNull(windowLength, "windowLength");
        if (windowLength.isNegative() || windowLength.isZero()) {
            throw new IllegalArgumentException("window length must be positive, was " + windowLength);
        }
        if (windowStart.isBefore(Instant.EPOCH)) {
            throw new IllegalArgumentException("window must start after the epoch");
        }
        Objects.requireNonNull(load, "load");
        incidents = List.copyOf(incidents);
    }

    /**
     * The demo data set: the 24 hours before {@code windowEnd}, {@value #DEFAULT_TARGET_SPANS} spans,
     * and the checkout deploy incident at 75% of the window (six hours before its end).
     */
    public static Scenario demo(String projectId, Instant windowEnd) {
        Instant start = windowEnd.minus(DEFAULT_WINDOW);
        return new Scenario(projectId, start, DEFAULT_WINDOW, DEFAULT_SEED, Load.targetSpans(DEFAULT_TARGET_SPANS),
                List.of(Incident.checkoutDeploy(instantAt(start, DEFAULT_WINDOW, DEFAULT_INCIDENT_POSITION))));
    }

    /**
     * The demo data set with the second incident instead of the deploy: the same 24 hours and load, and
     * inventory's read replica replica-2 degrading at 75% of the window.
     */
    public static Scenario inventoryReplicaDemo(String projectId, Instant windowEnd) {
        Scenario demo = demo(projectId, windowEnd);
        return demo.withIncidents(List.of(Incident.inventoryReplica(demo.at(DEFAULT_INCIDENT_POSITION))));
    }

    public Instant windowEnd() {
        return windowStart.plus(windowLength);
    }

    /** The instant at {@code fraction} (0..1) of the window, e.g. 0.75 for three quarters in. */
    Instant at(double fraction) {
        return instantAt(windowStart, windowLength, fraction);
    }

    public Scenario withSeed(long newSeed) {
        return new Scenario(projectId, windowStart, windowLength, newSeed, load, incidents);
    }

    public Scenario withLoad(Load newLoad) {
        return new Scenario(projectId, windowStart, windowLength, seed, newLoad, incidents);
    }

    public Scenario withIncidents(List<Incident> newIncidents) {
        return new Scenario(projectId, windowStart, windowLength, seed, load, newIncidents);
    }

    /** Another window; incidents keep their absolute instants. */
    public Scenario withWindow(Instant newStart, Duration newLength) {
        return new Scenario(projectId, newStart, newLength, seed, load, incidents);
    }

    private static Instant instantAt(Instant start, Duration length, double fraction) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction must be within 0..1, was " + fraction);
        }
        return start.plusNanos(Math.round(length.toNanos() * fraction));
    }
}
