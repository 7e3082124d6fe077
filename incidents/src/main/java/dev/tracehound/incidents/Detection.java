package dev.tracehound.incidents;

import java.time.Instant;
import java.util.List;

/** What is watched, and what it sees: the enabled alert rules and every project's anomaly detectors. */
public interface Detection {

    /** Everything to evaluate: each enabled rule, and the anomaly detectors of each project that has them on. */
    List<Check> checks();

    /** One evaluation of {@code check} over the window ending at {@code at}. */
    List<Observation> evaluate(Check check, Instant at);
}
