package dev.tracehound.analytics.query;

import dev.tracehound.analytics.Row;
import dev.tracehound.analytics.Sql;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * One client's live tail, made by {@link LiveTail#open}. Not thread-safe: poll from one thread
 * at a time. Holds no resources; drop it when the client leaves.
 *
 * <p><b>How new records are found.</b> Each poll reads the ids of the project's batches stored
 * since the watermark minus {@link #OVERLAP}, and skips those it has read before. The overlap
 * is there because {@code stored_at} has whole seconds (batches stored in the same second as
 * the last poll come after it) and because a batch becomes visible a moment after its
 * {@code stored_at} was taken. The records of new batches that match the filter are then read,
 * among those dated from {@link #LATE_ARRIVAL} before their batch was stored: a span that
 * started longer before it was stored (a span open for hours, an exporter replaying old data)
 * is not tailed, though trace search finds it. When nothing is new, a poll is one small query
 * on the batch ledger.
 *
 * <p><b>Resuming.</b> {@link #watermark()} after a poll is the server second the ledger was
 * read up to, with the ids of the batches already read within the overlap before it. Resuming
 * from it delivers every matching record stored after it, exactly once, when at most
 * {@value Watermark#MAX_SEEN} batches were stored in that overlap; when more were, the token
 * keeps the newest {@value Watermark#MAX_SEEN} and records of the older ones may come again
 * (at least once). A watermark older than {@link #MAX_RESUME_AGE} resumes from that age, and
 * the first poll says what was left out with a {@link TailEvent.Gap}.
 */
public final class TailSession {

    /** How long before the watermark each poll looks again for batches that became visible late. */
    static final Duration OVERLAP = Duration.ofSeconds(10);
    /** Records dated this long before their batch was stored are still tailed. */
    static final Duration LATE_ARRIVAL = Duration.ofHours(1);
    /** Records dated this long after the server's clock (skewed clients) are still tailed. */
    static final Duration AHEAD = Duration.ofDays(1);
    /** The oldest watermark a session resumes from exactly. */
    static final Duration MAX_RESUME_AGE = Duration.ofHours(1);
    /** New batches read per poll at most; more wait for the next poll (nothing is skipped). */
    static final int MAX_BATCHES_PER_POLL = 1_000;
    /** Batches of the overlap before the start remembered as not to deliver; a busier project may see a few. */
    static final int MAX_BATCHES_AT_START = 20_000;
    /** Traces watched for completion at once; further traces get no {@link TailEvent.TraceComplete}. */
    static final int MAX_WATCHED_TRACES = 1_000;

    /** The project's batches stored since a second, within reach of the server's clock, oldest or newest first. */
    private static final String LEDGER = """
            SELECT toUInt32(now()) AS server_now, groupArray(batch_id) AS ids, groupArray(at) AS ats
            FROM (
                SELECT batch_id, toUInt32(min(stored_at)) AS at
                FROM ingest_batches
                WHERE project_id = {project:String}
                  AND stored_at >= {tailSince:DateTime} AND stored_at >= now() - {tailReach:UInt32}
                GROUP BY batch_id
                ORDER BY at <order>, batch_id <order>
                LIMIT {tailLimit:UInt32})""";

    /**
     * The new batches' matching spans, newest first; a batch stored twice by two writers racing
     * past the ledger is delivered once.
     */
    private static final String SPANS_OF_BATCHES = """
            SELECT <columns>
            FROM spans
            WHERE project_id = {project:String}
            <conditions>ORDER BY start_time_ns DESC, span_id DESC
            LIMIT 1 BY trace_id, span_id
            LIMIT {tailLimit:UInt32}""";

    private static final String MATCHED_SPANS = """
            SELECT uniqExact(trace_id, span_id) AS matched
            FROM spans
            WHERE project_id = {project:String}
            <conditions>""";

    private static final String MATCHED_LOGS = """
            SELECT count() AS matched
            FROM logs
            WHERE project_id = {project:String}
            <conditions>""";

    /** The watched traces' span counts, by the trace index. */
    private static final String TRACE_SPAN_COUNTS = """
            SELECT trace_id, sum(span_count) AS spans
            FROM trace_index
            WHERE project_id = {project:String}
              AND trace_id IN (SELECT arrayJoin({tailTraces:Array(String)}))
            GROUP BY trace_id""";

    private static final String IN_BATCHES = "ingest_batch IN (SELECT arrayJoin({tailBatches:Array(String)}))";

    private final ProjectQueries queries;
    private final Clock clock;
    private final String projectId;
    private final TailRequest request;
    /** The server second the ledger was read up to; the next poll reads from it minus the overlap. */
    private long second;
    /** Keys of batches read, by the second they were stored (an upper bound for those resumed from a token). */
    private final Map<String, Long> seen = new HashMap<>();
    private final Map<String, Watched> watched = new LinkedHashMap<>();

    /** A trace whose completion is awaited: its span count and when that last changed. */
    private record Watched(long spans, Instant changed) {}

    private TailSession(ProjectQueries queries, Clock clock, String projectId, TailRequest request, long second) {
        this.queries = queries;
        this.clock = clock;
        this.projectId = projectId;
        this.request = request;
        this.second = second;
    }

    /** A session that delivers what is stored from now on: the batches of the last overlap count as read. */
    static TailSession start(ProjectQueries queries, Clock clock, String projectId, TailRequest request) {
        Ledger ledger = Ledger.read(queries, projectId, "DESC", Instant.EPOCH, OVERLAP, MAX_BATCHES_AT_START);
        var session = new TailSession(queries, clock, projectId, request, ledger.serverNow());
        for (int i = 0; i < ledger.ids().size(); i++) {
            session.seen.put(Watermark.key(ledger.ids().get(i)), ledger.seconds().get(i));
        }
        return session;
    }

    static TailSession resume(ProjectQueries queries, Clock clock, String projectId, TailRequest request,
            Watermark from) {
        var session = new TailSession(queries, clock, projectId, request, from.second());
        from.seen().forEach(key -> session.seen.put(key, from.second()));
        return session;
    }

    /**
     * What is new since the last poll: a {@link TailEvent.Gap} or {@link TailEvent.Lagging} if
     * any, then the new records oldest first, then the traces that became complete.
     */
    public List<TailEvent> poll() {
        var events = new ArrayList<TailEvent>();
        long since = second - OVERLAP.toSeconds();
        seen.values().removeIf(stored -> stored < since);
        Ledger ledger = Ledger.read(queries, projectId, "ASC", Instant.ofEpochSecond(Math.max(0, since)),
                MAX_RESUME_AGE.plus(OVERLAP), seen.size() + MAX_BATCHES_PER_POLL);
        long reachedBack = ledger.serverNow() - MAX_RESUME_AGE.plus(OVERLAP).toSeconds();
        if (since < reachedBack) {
            events.add(new TailEvent.Gap(Instant.ofEpochSecond(since), Instant.ofEpochSecond(reachedBack)));
        }

        var fresh = new ArrayList<String>();
        long firstFresh = Long.MAX_VALUE;
        long lastFresh = Long.MIN_VALUE;
        boolean more = ledger.ids().size() >= seen.size() + MAX_BATCHES_PER_POLL;
        for (int i = 0; i < ledger.ids().size(); i++) {
            String id = ledger.ids().get(i);
            long stored = ledger.seconds().get(i);
            if (seen.containsKey(Watermark.key(id))) {
                continue;
            }
            if (fresh.size() == MAX_BATCHES_PER_POLL) {
                more = true;
                break;
            }
            fresh.add(id);
            seen.put(Watermark.key(id), stored);
            firstFresh = Math.min(firstFresh, stored);
            lastFresh = Math.max(lastFresh, stored);
        }
        // With batches left for the next poll, the watermark stops at the last one read, so the
        // next poll's overlap still covers the rest; after a gap, it moves past the gap.
        second = more && !fresh.isEmpty()
                ? Math.max(Math.max(second, lastFresh), reachedBack + OVERLAP.toSeconds())
                : ledger.serverNow();

        List<String> arrivedTraces = List.of();
        if (!fresh.isEmpty()) {
            Instant notBefore = Instant.ofEpochSecond(firstFresh).minus(LATE_ARRIVAL);
            Instant notAfter = Instant.ofEpochSecond(ledger.serverNow()).plus(AHEAD);
            if (request.signal() == TailRequest.Signal.SPANS) {
                arrivedTraces = readSpans(fresh, notBefore, notAfter, events);
            } else {
                readLogs(fresh, notBefore, notAfter, events);
            }
        }
        if (request.signal() == TailRequest.Signal.SPANS) {
            completeTraces(arrivedTraces, !fresh.isEmpty(), events);
        }
        long keepFrom = second - OVERLAP.toSeconds();
        seen.values().removeIf(stored -> stored < keepFrom);
        return events;
    }

    /**
     * Where this session stands, for resuming it in a new session (an SSE event id): opaque, ASCII,
     * 1.5 KB at most. Changes with every poll.
     */
    public String watermark() {
        List<Map.Entry<String, Long>> newest = new ArrayList<>(seen.entrySet());
        newest.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        List<String> keys = newest.stream().limit(Watermark.MAX_SEEN).map(Map.Entry::getKey).toList();
        return new Watermark(second, keys, newest.size() <= Watermark.MAX_SEEN).encode();
    }

    /** Reads the new matching spans into {@code events}; returns their trace ids. */
    private List<String> readSpans(List<String> batches, Instant notBefore, Instant notAfter, List<TailEvent> events) {
        Conditions where = request.filter().spans(notBefore, notAfter).where();
        request.filter().traceId().ifPresent(id -> where.and("trace_id = {tailTrace:String}", "tailTrace", id));
        where.and(IN_BATCHES, "tailBatches", batches);
        where.bind("tailLimit", request.maxRowsPerPoll() + 1);
        List<Row> rows = queries.query(projectId, where.boundTo(Fragments.fill(SPANS_OF_BATCHES,
                Map.of("columns", SpanRows.COLUMNS, "conditions", where.text()))));
        if (rows.size() > request.maxRowsPerPoll()) {
            long matched = queries.query(projectId, where.boundTo(Fragments.fill(MATCHED_SPANS,
                    Map.of("conditions", where.text())))).getFirst().longValue("matched");
            events.add(new TailEvent.Lagging(matched - request.maxRowsPerPoll()));
        }
        var traces = new ArrayList<String>();
        for (Row row : oldestFirst(rows)) {
            var span = SpanRows.of(row);
            events.add(new TailEvent.SpanArrived(span));
            traces.add(span.traceId());
        }
        return traces;
    }

    private void readLogs(List<String> batches, Instant notBefore, Instant notAfter, List<TailEvent> events) {
        Conditions where = LogQueries.where(request.filter().logs(notBefore, notAfter));
        where.and(IN_BATCHES, "tailBatches", batches);
        List<Row> rows = queries.query(projectId, LogQueries.newestFirst(where, request.maxRowsPerPoll() + 1));
        if (rows.size() > request.maxRowsPerPoll()) {
            long matched = queries.query(projectId, where.boundTo(Fragments.fill(MATCHED_LOGS,
                    Map.of("conditions", where.text())))).getFirst().longValue("matched");
            events.add(new TailEvent.Lagging(matched - request.maxRowsPerPoll()));
        }
        for (Row row : oldestFirst(rows)) {
            events.add(new TailEvent.LogArrived(LogQueries.log(row)));
        }
    }

    /** The newest rows the request allows, of rows read newest first, turned oldest first. */
    private List<Row> oldestFirst(List<Row> newestFirst) {
        var rows = new ArrayList<>(QueryParts.upTo(newestFirst, request.maxRowsPerPoll()));
        Collections.reverse(rows);
        return rows;
    }

    /**
     * Watches the traces of the spans just delivered, and reports those whose span count (by
     * the trace index, so spans that do not match the filter count too) has not changed for the
     * quiet period. The index is read when batches arrived or a trace is due.
     */
    private void completeTraces(List<String> arrived, boolean batchesArrived, List<TailEvent> events) {
        Instant now = clock.instant();
        for (String traceId : arrived) {
            if (watched.containsKey(traceId)) {
                watched.put(traceId, new Watched(watched.get(traceId).spans(), now));
            } else if (watched.size() < MAX_WATCHED_TRACES) {
                watched.put(traceId, new Watched(-1, now));
            }
        }
        boolean due = watched.values().stream().anyMatch(w -> quietSince(w, now));
        if (watched.isEmpty() || !(batchesArrived || due)) {
            return;
        }
        var counts = new HashMap<String, Long>();
        for (Row row : queries.query(projectId, Sql.of(TRACE_SPAN_COUNTS)
                .bind("tailTraces", List.copyOf(watched.keySet())))) {
            counts.put(row.string("trace_id"), row.longValue("spans"));
        }
        var complete = new ArrayList<TailEvent.TraceComplete>();
        for (var it = watched.entrySet().iterator(); it.hasNext(); ) {
            var entry = it.next();
            long spans = counts.getOrDefault(entry.getKey(), 0L);
            Watched w = entry.getValue();
            if (w.spans() != spans) {
                entry.setValue(new Watched(spans, w.spans() < 0 ? w.changed() : now));
            } else if (quietSince(w, now)) {
                complete.add(new TailEvent.TraceComplete(entry.getKey(), spans));
                it.remove();
            }
        }
        complete.sort(Comparator.comparing(TailEvent.TraceComplete::traceId));
        events.addAll(complete);
    }

    private boolean quietSince(Watched watched, Instant now) {
        return !watched.changed().plus(request.traceQuietPeriod()).isAfter(now);
    }

    /** The batch ids of one ledger read, with the seconds they were stored in, and the server's clock. */
    private record Ledger(long serverNow, List<String> ids, List<Long> seconds) {

        static Ledger read(ProjectQueries queries, String projectId, String order, Instant since, Duration reach,
                int limit) {
            Row row = queries.query(projectId, Sql.of(Fragments.fill(LEDGER, Map.of("order", order)))
                    .bind("tailSince", since)
                    .bind("tailReach", reach.toSeconds())
                    .bind("tailLimit", limit)).getFirst();
            var ids = new ArrayList<String>();
            row.fields().get("ids").forEach(id -> ids.add(id.asString()));
            var seconds = new ArrayList<Long>();
            for (JsonNode at : row.fields().get("ats")) {
                seconds.add(QueryParts.longOf(at));
            }
            return new Ledger(row.longValue("server_now"), ids, seconds);
        }
    }
}
