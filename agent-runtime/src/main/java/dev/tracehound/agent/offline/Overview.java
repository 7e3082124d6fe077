package dev.tracehound.agent.offline;

import static dev.tracehound.agent.offline.Investigation.within;

import dev.tracehound.agent.offline.Findings.ServiceStat;
import dev.tracehound.agent.offline.Investigation.Outcome;
import dev.tracehound.agent.offline.Investigation.PlannedCall;
import dev.tracehound.agent.offline.QuestionScope.TimeWindow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Phases 1 and 2: the spans per service, per service and version, and per time bucket, which
 * tell where in the window the data is.
 */
final class Overview {

    private final Findings findings;
    private final ToolResults results;
    private final QuestionScope scope;

    Overview(Findings findings, ToolResults results, QuestionScope scope) {
        this.findings = findings;
        this.results = results;
        this.scope = scope;
    }

    List<PlannedCall> calls(int phase, String suffix, TimeWindow window) {
        var overview = within(window);
        overview.putArray("group_by").add("service");
        overview.put("limit", 50);
        var versions = within(window);
        versions.putArray("group_by").add("service").add("resource:service.version");
        versions.put("limit", 50);
        var extent = within(window);
        extent.put("time_series", true);
        return List.of(new PlannedCall(phase, "overview" + suffix, "aggregate", overview),
                new PlannedCall(phase, "versions" + suffix, "aggregate", versions),
                new PlannedCall(phase, "extent" + suffix, "aggregate", extent));
    }

    /** False when the spans per service could not be read: nothing else can be done. */
    boolean read(String suffix, TimeWindow window) {
        findings.services.clear();
        findings.versions.clear();
        findings.totalSpans = 0;
        Outcome overview = results.usable("overview" + suffix, "the spans per service");
        if (overview == null) {
            return false;
        }
        for (JsonNode group : overview.data().path("groups")) {
            String service = group.path("key").path("service").asString("");
            if (service.isEmpty()) {
                continue;
            }
            findings.services.add(new ServiceStat(service, group.path("count").asLong(0), group.path("errors").asLong(0),
                    group.path("error_rate").asDouble(0), group.path("p99").asDouble(Double.NaN)));
            findings.totalSpans += group.path("count").asLong(0);
        }
        findings.totalSpans += overview.data().path("other").path("count").asLong(0);
        var names = findings.services.stream().map(ServiceStat::service).toList();
        findings.mentioned.clear();
        findings.mentioned.addAll(scope.mentioned(names));

        Outcome versions = results.usable("versions" + suffix, "the versions per service");
        if (versions != null) {
            for (JsonNode group : versions.data().path("groups")) {
                String service = group.path("key").path("service").asString("");
                String version = group.path("key").path("resource:service.version").asString("");
                if (!service.isEmpty() && !version.isEmpty()) {
                    findings.versions.computeIfAbsent(service, s -> new ArrayList<>()).add(version);
                }
            }
        }

        Outcome extent = results.usable("extent" + suffix, "the spans over time");
        if (extent != null) {
            readExtent(extent.data(), window);
        }
        return true;
    }

    /** Narrows the data's window to the buckets that have spans. */
    private void readExtent(JsonNode data, TimeWindow window) {
        JsonNode buckets = data.path("buckets");
        JsonNode counts = data.path("series").path(0).path("count");
        long width = data.path("bucket_seconds").asLong(0);
        int first = -1;
        int last = -1;
        for (int i = 0; i < Math.min(buckets.size(), counts.size()); i++) {
            if (counts.path(i).asLong(0) > 0) {
                first = first < 0 ? i : first;
                last = i;
            }
        }
        Instant start = first < 0 ? null : ToolResults.instant(buckets.path(first).asString(""));
        Instant end = last < 0 ? null : ToolResults.instant(buckets.path(last).asString(""));
        if (start != null && end != null && width > 0) {
            start = start.isBefore(window.from()) ? window.from() : start;
            end = end.plusSeconds(width);
            end = end.isAfter(window.to()) ? window.to() : end;
            if (start.isBefore(end)) {
                findings.data = new TimeWindow(start, end);
            }
        }
    }
}
