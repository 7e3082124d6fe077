package dev.tracehound.agent.offline;

import dev.tracehound.agent.offline.QuestionScope.TimeWindow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the offline investigator learnt so far from the tools, for the answer. */
final class Findings {

    /** A service over the analysed window. {@code p99Ms} is NaN when the tool gave none. */
    record ServiceStat(String service, long spans, long errors, double errorRate, double p99Ms) {}

    /** A service's version replaced by another, first seen at {@code at}. */
    record Deploy(String service, String previousVersion, String newVersion, Instant at) {}

    /**
     * An attribute value over-represented in the spans of {@code service} that got slow or failed;
     * shares are of the selection and as expected from the baseline.
     */
    record Cause(String service, String source, String key, String value, double score, double selectionShare,
            double expectedShare, long selectionCount, String selection) {

        String pair() {
            return key + "=" + value;
        }

        boolean resource() {
            return source.equals("resource_attribute");
        }
    }

    /** An operation of the focus service, before and after the change. */
    record OperationChange(String operation, double p99Before, double p99After, double errorRateBefore,
            double errorRateAfter, long spansAfter) {}

    /**
     * Where the slow or failing spans of a service sit: an operation, and the dependency it calls
     * ({@code peer.service} or {@code server.address}; empty for none), with how many of them.
     */
    record Site(String operation, String peer, long spans, String symptom) {}

    /** A model that takes a larger share of a service's LLM calls since its change than before. */
    record ModelShift(String model, double shareBefore, double shareAfter, long callsAfter) {}

    record TraceExample(String traceId, String rootService, String rootOperation, double durationMs, long errorCount,
            String why) {}

    record LogLine(String time, String severity, String service, String body) {}

    record SpanLine(String service, String operation, double durationMs, String status, String message,
            String exception) {}

    QuestionScope scope;
    /** Asked whether anything is wrong, rather than why something is. */
    boolean healthCheck;
    /** The symptom the question names: "errors", "latency" or "" for neither or both. */
    String symptom = "";
    TimeWindow analysed;
    TimeWindow data;
    /** No spans in the time asked: the last 7 days were looked at instead. */
    boolean widenedToWeek;
    /** Nothing stepped up in the time asked: the 24 hours before its end were looked at too. */
    boolean widenedToDay;
    /**
     * Another service stepped up in the time asked but not the one the question names: the 24 hours
     * before were looked at for that one, and it had stepped up earlier.
     */
    boolean askedServiceChangedEarlier;
    /** Stopped before the investigation was done (the run's last step came first). */
    boolean incomplete;
    final List<String> problems = new ArrayList<>();

    final List<ServiceStat> services = new ArrayList<>();
    long totalSpans;
    final Map<String, List<String>> versions = new LinkedHashMap<>();
    final List<String> mentioned = new ArrayList<>();
    /**
     * When the question names no service: the services of the traces whose span names hold its
     * words (a route, a feature), the most frequent first, and the operations that hold them.
     */
    final List<String> hinted = new ArrayList<>();
    final Map<String, List<String>> hintOperations = new LinkedHashMap<>();
    /** The question's words that were looked for in the span names, when it names no service. */
    final List<String> hintWords = new ArrayList<>();
    /** The focus is a service the question's words led to, not one it names. */
    boolean focusFromHint;

    final List<String> analysedServices = new ArrayList<>();
    final Map<String, SeriesChange.Change> changes = new LinkedHashMap<>();
    final Map<String, Double> typicalP99 = new LinkedHashMap<>();
    long bucketSeconds;
    final List<Deploy> deploys = new ArrayList<>();

    String focus;
    SeriesChange.Change change;
    Deploy trigger;
    double slowThresholdMs;
    /** Services that stepped up at the same time as the focus, compared by BubbleUp too, with their thresholds. */
    final Map<String, Double> coChanged = new LinkedHashMap<>();
    final List<Site> sites = new ArrayList<>();
    ModelShift modelShift;
    /** A tenant whose traffic rose at the change, looked for when nothing else explains it. */
    TenantSurge tenantSurge;
    final List<Cause> causes = new ArrayList<>();
    /** The cause the answer names: the top one, except the version when a deploy already names it. */
    Cause primaryCause;
    long slowSpans = -1;
    long failedSpans = -1;
    OperationChange operation;

    final List<TraceExample> examples = new ArrayList<>();
    final Map<String, List<LogLine>> logs = new LinkedHashMap<>();
    String openedTrace;
    final List<SpanLine> criticalPath = new ArrayList<>();
    final List<SpanLine> traceErrors = new ArrayList<>();
    /** Calls the opened trace repeated after failures. */
    final List<RepeatedCalls.Retried> retries = new ArrayList<>();

    void problem(String text) {
        if (!problems.contains(text)) {
            problems.add(text);
        }
    }
}
