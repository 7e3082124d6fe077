package dev.tracehound.incidents;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What is watched, and what it sees: the enabled alert rules and every project's anomaly detectors. */
public interface Detection {

    /** Everything to evaluate: each enabled rule, and the anomaly detectors of each project that has them on. */
    List<Check> checks();

    /** One evaluation of {@code check} over the window ending at {@code at}. */
    List<Observation> evaluate(Check check, Instant at);

    /**
     * Many checks evaluated at once where they can share work (several rules answered by one
     * ClickHouse query): the observations of each check this evaluated, as {@link #evaluate} gives
     * them. A check left out is evaluated alone; by default every one is.
     */
    default Map<Check, List<Observation>> evaluateAll(List<Check> checks, Instant at) {
        return Map.of();
    }
}
