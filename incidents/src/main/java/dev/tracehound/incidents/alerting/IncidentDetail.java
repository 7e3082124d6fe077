package dev.tracehound.incidents.alerting;

import java.util.List;

/** One incident with its alerts (firing first) and its timeline (oldest first). */
public record IncidentDetail(IncidentSummary incident, List<IncidentAlert> alerts, List<TimelineEvent> timeline) {}
