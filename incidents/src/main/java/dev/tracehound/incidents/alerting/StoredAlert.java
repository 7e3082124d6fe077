package dev.tracehound.incidents.alerting;

import dev.tracehound.incidents.Observation;
import dev.tracehound.incidents.Observation.Verdict;
import dev.tracehound.incidents.Severity;
import dev.tracehound.incidents.alerting.AlertStateMachine.Series;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** One row of {@code alert_states}: a series' state and what it last showed. */
record StoredAlert(UUID projectId, String source, String seriesKey, String checkSource, UUID workspaceId,
        Series series, Map<String, String> labels, Severity severity, double value, double baseline, long volume,
        String summary, Instant lastEvaluatedAt, UUID incidentId, UUID silencedBy) {

    record Id(String source, String seriesKey) {}

    Id id() {
        return new Id(source, seriesKey);
    }

    /** What silences match: the labels, and the severity and source unless the labels name their own. */
    Map<String, String> silenceLabels() {
        Map<String, String> all = new HashMap<>(labels);
        all.putIfAbsent("severity", severity.wireName());
        all.putIfAbsent("source", source);
        return all;
    }

    String service() {
        return labels.getOrDefault("service", "");
    }

    /**
     * The row after an evaluation: the new state, and, when the evaluation had data, what it showed (the
     * severity only from a breach: a healthy evaluation's severity says nothing).
     */
    StoredAlert evaluated(Series next, Observation seen, Instant now) {
        if (seen == null || seen.verdict() == Verdict.NO_DATA) {
            return new StoredAlert(projectId, source, seriesKey, checkSource, workspaceId, next, labels, severity,
                    value, baseline, volume, summary, now, incidentId, silencedBy);
        }
        Severity nextSeverity = seen.breaching() ? seen.severity() : severity;
        return new StoredAlert(projectId, source, seriesKey, checkSource, workspaceId, next, seen.labels(),
                nextSeverity, seen.value(), seen.baseline(), seen.volume(), seen.summary(), now, incidentId, silencedBy);
    }

    /** A series seen for the first time, before its first step. */
    static StoredAlert first(UUID workspaceId, UUID projectId, String checkSource, Observation seen, Instant now) {
        return new StoredAlert(projectId, seen.source(), seen.seriesKey(), checkSource, workspaceId, Series.inactive(),
                seen.labels(), seen.severity(), seen.value(), seen.baseline(), seen.volume(), seen.summary(), now, null,
                null);
    }

    StoredAlert inIncident(UUID incident, UUID silence) {
        return new StoredAlert(projectId, source, seriesKey, checkSource, workspaceId, series, labels, severity, value,
                baseline, volume, summary, lastEvaluatedAt, incident, silence);
    }
}
