package dev.tracehound.incidents.alerting;

import dev.tracehound.incidents.Observation.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * The life of one series' alert: inactive → pending → firing → resolved, with hysteresis on both edges.
 * A series fires after {@code fireAfter} consecutive breaching evaluations and resolves after
 * {@code resolveAfter} consecutive healthy ones; an evaluation without data changes nothing, until a
 * series has had no data for {@code noDataLimit}, when a firing one resolves as "no data" and a pending
 * one goes back to inactive. Pure: the engine loads a series, asks for its next step and stores it.
 */
final class AlertStateMachine {

    static final AlertStateMachine DEFAULT = new AlertStateMachine(2, 3, Duration.ofHours(24));

    enum Status {
        INACTIVE, PENDING, FIRING, RESOLVED;

        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Status fromWireName(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT));
        }

        boolean active() {
            return this == PENDING || this == FIRING;
        }
    }

    /** What an evaluation did to a series, as far as anyone outside the state has to act on it. */
    enum Transition {
        /** The status stayed (streaks and values may have moved). */
        NONE,
        /** A first breach: pending. */
        PENDING,
        /** Breached long enough: firing. */
        FIRED,
        /** A pending series turned healthy, or had no data too long: back to inactive, never having fired. */
        CLEARED,
        /** A firing series was healthy long enough. */
        RESOLVED,
        /** A firing series had no data for too long. */
        RESOLVED_NO_DATA
    }

    /**
     * @param breaches   consecutive breaching evaluations
     * @param healthy    consecutive healthy evaluations (counted while firing)
     * @param since      when the series entered {@code status}
     * @param lastDataAt the last evaluation that had data for it
     */
    record Series(Status status, int breaches, int healthy, Instant since, Instant lastDataAt) {

        Series {
            Objects.requireNonNull(status, "status");
        }

        static Series inactive() {
            return new Series(Status.INACTIVE, 0, 0, null, null);
        }
    }

    record Step(Series series, Transition transition) {}

    private final int fireAfter;
    private final int resolveAfter;
    private final Duration noDataLimit;

    AlertStateMachine(int fireAfter, int resolveAfter, Duration noDataLimit) {
        if (fireAfter < 1 || resolveAfter < 1) {
            throw new IllegalArgumentException("fireAfter and resolveAfter count evaluations, at least 1");
        }
        this.fireAfter = fireAfter;
        this.resolveAfter = resolveAfter;
        this.noDataLimit = noDataLimit;
    }

    /** The series after one evaluation at {@code now} whose verdict was {@code verdict}. */
    Step next(Series current, Verdict verdict, Instant now) {
        return switch (current.status()) {
            case INACTIVE, RESOLVED -> fromQuiet(current, verdict, now);
            case PENDING -> fromPending(current, verdict, now);
            case FIRING -> fromFiring(current, verdict, now);
        };
    }

    private Step fromQuiet(Series current, Verdict verdict, Instant now) {
        if (verdict != Verdict.BREACHING) {
            return new Step(current, Transition.NONE);
        }
        if (fireAfter == 1) {
            return new Step(new Series(Status.FIRING, 1, 0, now, now), Transition.FIRED);
        }
        return new Step(new Series(Status.PENDING, 1, 0, now, now), Transition.PENDING);
    }

    private Step fromPending(Series current, Verdict verdict, Instant now) {
        return switch (verdict) {
            case BREACHING -> {
                int breaches = current.breaches() + 1;
                yield breaches >= fireAfter
                        ? new Step(new Series(Status.FIRING, breaches, 0, now, now), Transition.FIRED)
                        : new Step(new Series(Status.PENDING, breaches, 0, current.since(), now), Transition.NONE);
            }
            case HEALTHY -> new Step(new Series(Status.INACTIVE, 0, 0, now, now), Transition.CLEARED);
            case NO_DATA -> silentTooLong(current, now)
                    ? new Step(new Series(Status.INACTIVE, 0, 0, now, current.lastDataAt()), Transition.CLEARED)
                    : new Step(current, Transition.NONE);
        };
    }

    private Step fromFiring(Series current, Verdict verdict, Instant now) {
        return switch (verdict) {
            case BREACHING -> new Step(new Series(Status.FIRING, current.breaches() + 1, 0, current.since(), now),
                    Transition.NONE);
            case HEALTHY -> {
                int healthy = current.healthy() + 1;
                yield healthy >= resolveAfter
                        ? new Step(new Series(Status.RESOLVED, 0, healthy, now, now), Transition.RESOLVED)
                        : new Step(new Series(Status.FIRING, 0, healthy, current.since(), now), Transition.NONE);
            }
            case NO_DATA -> silentTooLong(current, now)
                    ? new Step(new Series(Status.RESOLVED, 0, 0, now, current.lastDataAt()), Transition.RESOLVED_NO_DATA)
                    : new Step(current, Transition.NONE);
        };
    }

    private boolean silentTooLong(Series current, Instant now) {
        return current.lastDataAt() != null && !now.isBefore(current.lastDataAt().plus(noDataLimit));
    }
}
