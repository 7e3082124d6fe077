package dev.tracehound.bench;

import dev.tracehound.analytics.ClickHouse;
import dev.tracehound.analytics.ClickHouseSettings;
import dev.tracehound.analytics.Row;
import dev.tracehound.analytics.SpanRow;
import dev.tracehound.analytics.Sql;
import dev.tracehound.analytics.query.AggregateQueries;
import dev.tracehound.analytics.query.Aggregation;
import dev.tracehound.analytics.query.BubbleUp;
import dev.tracehound.analytics.query.BubbleUpQueries;
import dev.tracehound.analytics.query.LogQueries;
import dev.tracehound.analytics.query.SpanFilter;
import dev.tracehound.analytics.query.LogSearch;
import dev.tracehound.analytics.query.TelemetryQueries;
import dev.tracehound.analytics.query.TraceQueries;
import dev.tracehound.analytics.query.TraceSearch;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.ToIntFunction;

/**
 * bench/query: the query engine on 10M demo spans (with the checkout incident), each query
 * timed through the engine and, side by side, as the minimal SQL a person would write for the
 * same answer, sent straight through {@link ClickHouse#query(Sql)}: the ceiling. Prints p50
 * and p99 of both and their ratio. Engine and SQL runs alternate, on the same inputs, so
 * both see the same load on a shared machine.
 * Run with {@code ./dev bench query [spans] [runs]} (defaults 10000000 and 30; the 24 h
 * aggregates and BubbleUp run a third as often). The data stays in database
 * {@value #DATABASE} and is reused by the next run of the same size.
 */
public final class QueryBenchmark {

    private static final String DATABASE = "bench_query";
    private static final long DEFAULT_SPANS = 10_000_000;
    private static final int DEFAULT_RUNS = 30;
    private static final int WARM_UP = 3;
    private static final double MAX_RATIO = 1.3;
    private static final String PROJECT = DemoLoad.PROJECT;

    /** The trace search's filter: slow failed checkout spans, the incident's kind of question, in its hours. */
    private static final String SEARCH_SERVICE = "checkout";
    private static final Duration SEARCH_MIN_DURATION = Duration.ofMillis(100);
    /** The log search's word: frequent all day (cards are declined), rarer than most words. */
    private static final String LOG_WORD = "declined";
    /** BubbleUp's selection: checkout spans of at least a second, against checkout's other spans, in incident hours. */
    private static final String BUBBLE_UP_SERVICE = "checkout";
    private static final Duration BUBBLE_UP_MIN_DURATION = Duration.ofSeconds(1);

    /**
     * One question, measured through the engine and as hand-written SQL on the same inputs
     * (run {@code i} uses input {@code i} modulo their number). Both return how many results
     * they got; the totals are printed, so an empty or a different answer cannot pass unseen. {@code engine} is null
     * while the engine cannot answer the question yet.
     *
     * @param engineP99Limit the absolute target for the engine's p99, if it sets one
     */
    private record Case<I>(String name, int runs, List<I> inputs, ToIntFunction<I> engine, ToIntFunction<I> ceiling,
            Duration engineP99Limit) {}

    /** A time window of a query. */
    private record Window(Instant from, Instant to) {}

    /** One side's timings, and how many results its runs gave in all. */
    private record Measured(Timings timings, long results) {
        double millis(int percentile) {
            return timings.millis(percentile);
        }
    }

    private record Result(Case<?> query, Measured engine, Measured ceiling) {}

    public static void main(String[] args) throws Exception {
        long spans = args.length > 0 ? Long.parseLong(args[0].replace("_", "")) : DEFAULT_SPANS;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_RUNS;
        if (spans < 10_000 || runs < 1) {
            throw new IllegalArgumentException("usage: ./dev bench query [spans, at least 10000] [runs, at least 1]");
        }
        int heavyRuns = Math.max(3, runs / 3);
        String clickHouseUrl = required("CLICKHOUSE_URL");
        System.out.printf(Locale.ROOT, "bench/query: about %,d demo spans in database %s at %s; %d runs per query "
                + "(%d for 24 h aggregates and BubbleUp) after %d warm-up runs; load average %s%n", spans, DATABASE,
                clickHouseUrl, runs, heavyRuns, WARM_UP, Machine.loadAverage());

        DemoLoad.Loaded data = DemoLoad.ensure(clickHouseUrl, DATABASE, spans);
        try (var clickHouse = ClickHouse.connect(new ClickHouseSettings(URI.create(clickHouseUrl), null, null, DATABASE,
                null, Duration.ofMinutes(2)))) {
            System.out.printf(Locale.ROOT, "ClickHouse %s, %,d spans and %,d logs from %s to %s, incident at %s%n",
                    clickHouse.serverVersion(), data.spans(), data.logs(), data.scenario().windowStart(),
                    data.scenario().windowEnd(), data.incidentAt());
            var results = new ArrayList<Result>();
            for (Case<?> query : cases(clickHouse, data, runs, heavyRuns)) {
                results.add(measure(query));
            }
            System.out.println();
            System.out.printf(Locale.ROOT, "%,d spans, %,d logs; %s; load average now %s (the CPU is shared)%n",
                    data.spans(), data.logs(), data.reused() ? "data reused from an earlier run"
                            : "loaded in " + DemoLoad.minutes(data.took()), Machine.loadAverage());
            printTable(results);
        }
    }

    private static List<Case<?>> cases(ClickHouse clickHouse, DemoLoad.Loaded data, int runs, int heavyRuns) {
        var queries = TelemetryQueries.over(clickHouse, Clock.systemUTC());
        TraceQueries traces = queries.traces();
        LogQueries logs = queries.logs();
        AggregateQueries aggregates = queries.aggregates();
        BubbleUpQueries bubbleUps = queries.bubbleUp();
        var random = new Random(42);
        int inputs = runs + WARM_UP;
        Window day = new Window(data.scenario().windowStart(), data.scenario().windowEnd());
        List<Window> hours = hours(random, day.from(), day.to(), inputs);
        // Hours that overlap the incident, for questions an investigation asks: outside it, slow
        // failed checkouts are so rare that a search would mostly measure finding nothing.
        List<Window> incidentHours = hours(random, data.incidentAt().minus(Duration.ofMinutes(30)), day.to(), inputs);
        List<String> traceIds = clickHouse.query(Sql.of("""
                        SELECT trace_id FROM trace_index WHERE project_id = {project:String}
                        ORDER BY cityHash64(trace_id) LIMIT {n:UInt32}""")
                .bind("project", PROJECT).bind("n", inputs)).stream().map(r -> r.string("trace_id")).toList();
        long bucketSeconds = bucketSeconds(Duration.between(day.from(), day.to()));

        return List.of(
                new Case<String>("trace by id", runs, traceIds,
                        id -> traces.trace(PROJECT, id).orElseThrow().spanCount(),
                        id -> traceById(clickHouse, id),
                        Duration.ofMillis(100)),
                new Case<Window>("trace search: " + SEARCH_SERVICE + ", ERROR, >= " + SEARCH_MIN_DURATION.toMillis()
                        + " ms, 1 h of the incident", runs, incidentHours,
                        w -> traces.search(PROJECT, TraceSearch.in(w.from(), w.to()).withService(SEARCH_SERVICE)
                                .withStatus(SpanRow.StatusCode.ERROR).withMinDuration(SEARCH_MIN_DURATION))
                                .traces().size(),
                        w -> traceSearch(clickHouse, w),
                        null),
                new Case<Window>("aggregate: count, errors, min/max/avg, p50-p99 by service, 24 h", heavyRuns,
                        List.of(day),
                        w -> aggregates.aggregate(PROJECT, Aggregation.of(SpanFilter.in(w.from(), w.to()))
                                .groupedBy(Aggregation.Field.SERVICE_NAME).top(Aggregation.MAX_LIMIT)).groups().size(),
                        w -> measuresByService(clickHouse, w),
                        null),
                new Case<Window>("time series: the same measures, 24 h in " + bucketSeconds / 60 + " min buckets",
                        heavyRuns, List.of(day),
                        w -> aggregates.timeSeries(PROJECT, Aggregation.of(SpanFilter.in(w.from(), w.to())))
                                .buckets().size(),
                        w -> timeSeries(clickHouse, w, bucketSeconds),
                        null),
                new Case<Window>("BubbleUp: " + BUBBLE_UP_SERVICE + " >= " + BUBBLE_UP_MIN_DURATION.toSeconds()
                        + " s vs the rest, 1 h of the incident", heavyRuns, incidentHours,
                        w -> bubbleUps.bubbleUp(PROJECT, BubbleUp.of(SpanFilter.in(w.from(), w.to())
                                .withService(BUBBLE_UP_SERVICE), BubbleUp.Selection.slowerThan(BUBBLE_UP_MIN_DURATION)))
                                .dimensions().size(),
                        w -> bubbleUp(clickHouse, w),
                        Duration.ofMillis(1_500)),
                new Case<Window>("log search: '" + LOG_WORD + "', 1 h", runs, hours,
                        w -> logs.search(PROJECT, LogSearch.in(w.from(), w.to()).withText(LOG_WORD)).logs().size(),
                        w -> logSearch(clickHouse, w),
                        null));
    }

    // ---- the ceiling: the minimal SQL for each question, written by hand ----

    /**
     * Where the trace is, by the trace index, then its spans in those seconds. Two round trips:
     * on 18.16 the lookup as scalar subqueries of the second statement measured slower.
     */
    private static int traceById(ClickHouse clickHouse, String traceId) {
        Row seconds = clickHouse.query(Sql.of("""
                        SELECT toUInt32(min(start_time)) AS first, toUInt32(max(end_time)) AS last
                        FROM trace_index
                        WHERE project_id = {project:String} AND trace_id = {trace:String}""")
                .bind("project", PROJECT).bind("trace", traceId)).getFirst();
        return clickHouse.query(Sql.of("""
                        SELECT project_id, trace_id, span_id, parent_span_id, trace_state, name, kind, status_code,
                               status_message, service_name, scope_name, scope_version, start_time_ns, duration_ns,
                               resource_attributes.key, resource_attributes.value, span_attributes.key,
                               span_attributes.value, events.time_ns, events.name, events.attribute_keys,
                               events.attribute_values, links.trace_id, links.span_id, links.attribute_keys,
                               links.attribute_values, llm_system, llm_model, llm_input_tokens, llm_output_tokens,
                               llm_cost_usd
                        FROM spans
                        WHERE project_id = {project:String} AND trace_id = {trace:String}
                          AND timestamp >= {first:DateTime} AND timestamp <= {last:DateTime}""")
                .bind("project", PROJECT).bind("trace", traceId)
                .bind("first", Instant.ofEpochSecond(seconds.longValue("first")))
                .bind("last", Instant.ofEpochSecond(seconds.longValue("last")))).size();
    }

    /**
     * The newest 50 traces with a matching span, where the trace index says they are, and their
     * summaries: three round trips, each needing the answer of the one before. The ids go in as
     * a list of literals ({@code IN ('…', '…')}): on 18.16 {@code IN (SELECT arrayJoin([…]))} is
     * not moved to PREWHERE, so every column of the seconds found is read, two to three times
     * slower at 10M spans.
     */
    private static int traceSearch(ClickHouse clickHouse, Window w) {
        List<String> ids = clickHouse.query(Sql.of("""
                        SELECT trace_id, max(start_time_ns) AS sort_key
                        FROM spans
                        WHERE project_id = {project:String}
                          AND timestamp >= {from:DateTime} AND timestamp < {to:DateTime}
                          AND service_name = {service:String} AND status_code = 'ERROR' AND duration_ns >= {minNs:UInt64}
                        GROUP BY trace_id
                        ORDER BY sort_key DESC, trace_id DESC
                        LIMIT 50""")
                .bind("project", PROJECT).bind("from", w.from()).bind("to", w.to()).bind("service", SEARCH_SERVICE)
                .bind("minNs", SEARCH_MIN_DURATION.toNanos())).stream().map(r -> r.string("trace_id")).toList();
        if (ids.isEmpty()) {
            return 0;
        }
        Row seconds = clickHouse.query(withIds(ids, """
                SELECT toUInt32(min(start_time)) AS first, toUInt32(max(end_time)) AS last
                FROM trace_index
                WHERE project_id = {project:String} AND trace_id IN (%s)""")).getFirst();
        return clickHouse.query(withIds(ids, """
                        SELECT trace_id, count() AS spans, countIf(status_code = 'ERROR') AS errors,
                               min(start_time_ns) AS start, max(start_time_ns + duration_ns) AS end,
                               argMinIf(name, start_time_ns, parent_span_id = '') AS root_name,
                               argMinIf(service_name, start_time_ns, parent_span_id = '') AS root_service,
                               groupUniqArray(service_name) AS services
                        FROM spans
                        WHERE project_id = {project:String} AND trace_id IN (%s)
                          AND timestamp >= {first:DateTime} AND timestamp <= {last:DateTime}
                        GROUP BY trace_id""")
                .bind("first", Instant.ofEpochSecond(seconds.longValue("first")))
                .bind("last", Instant.ofEpochSecond(seconds.longValue("last")))).size();
    }

    /** {@code text} with {@code %s} replaced by one bound placeholder per id, the project bound too. */
    private static Sql withIds(List<String> ids, String text) {
        var placeholders = new ArrayList<String>();
        for (int i = 0; i < ids.size(); i++) {
            placeholders.add("{id" + i + ":String}");
        }
        Sql sql = Sql.of(text.formatted(String.join(", ", placeholders))).bind("project", PROJECT);
        for (int i = 0; i < ids.size(); i++) {
            sql = sql.bind("id" + i, ids.get(i));
        }
        return sql;
    }

    /**
     * The measures the engine answers an aggregate with (count, errors, min, max, avg and four
     * quantiles of duration), per service: the minimal SQL for the same answer.
     */
    private static int measuresByService(ClickHouse clickHouse, Window w) {
        return clickHouse.query(Sql.of("""
                        SELECT service_name, count() AS spans, countIf(status_code = 'ERROR') AS errors,
                               min(duration_ns) AS min, max(duration_ns) AS max, avg(duration_ns) AS avg,
                               quantiles(0.5, 0.9, 0.95, 0.99)(duration_ns) AS q
                        FROM spans
                        WHERE project_id = {project:String} AND timestamp >= {from:DateTime} AND timestamp < {to:DateTime}
                        GROUP BY service_name
                        ORDER BY service_name""")
                .bind("project", PROJECT).bind("from", w.from()).bind("to", w.to())).size();
    }

    private static int timeSeries(ClickHouse clickHouse, Window w, long bucketSeconds) {
        return clickHouse.query(Sql.of("""
                        SELECT intDiv(toUInt32(timestamp), {bucket:UInt32}) * {bucket:UInt32} AS bucket,
                               count() AS spans, countIf(status_code = 'ERROR') AS errors,
                               min(duration_ns) AS min, max(duration_ns) AS max, avg(duration_ns) AS avg,
                               quantiles(0.5, 0.9, 0.95, 0.99)(duration_ns) AS q
                        FROM spans
                        WHERE project_id = {project:String} AND timestamp >= {from:DateTime} AND timestamp < {to:DateTime}
                        GROUP BY bucket
                        ORDER BY bucket""")
                .bind("project", PROJECT).bind("from", w.from()).bind("to", w.to()).bind("bucket", bucketSeconds))
                .size();
    }

    /**
     * Spans per (attribute, value, side) for checkout's spans in the window, the selection being
     * those of at least a second; the 20 most frequent values of each attribute on each side.
     * Span name, status and kind are joined in as attributes too: every span has each once, so
     * their counts are also the sizes of the two sides. The spans are chosen in a subquery and
     * only then joined with their attributes: on 18.16 about twice as fast as one SELECT with
     * ARRAY JOIN and WHERE.
     */
    private static int bubbleUp(ClickHouse clickHouse, Window w) {
        return clickHouse.query(Sql.of("""
                        SELECT key, value, selected, count() AS spans
                        FROM (
                            SELECT arrayConcat(['name', 'status_code', 'kind'], span_attributes.key,
                                               resource_attributes.key) AS keys,
                                   arrayConcat([name, toString(status_code), toString(kind)], span_attributes.value,
                                               resource_attributes.value) AS vals,
                                   duration_ns >= {minNs:UInt64} AS selected
                            FROM spans
                            WHERE project_id = {project:String} AND service_name = {service:String}
                              AND timestamp >= {from:DateTime} AND timestamp < {to:DateTime})
                        ARRAY JOIN keys AS key, vals AS value
                        GROUP BY key, value, selected
                        ORDER BY key, selected, spans DESC
                        LIMIT 20 BY key, selected""")
                .bind("project", PROJECT).bind("service", BUBBLE_UP_SERVICE).bind("from", w.from()).bind("to", w.to())
                .bind("minNs", BUBBLE_UP_MIN_DURATION.toNanos())).size();
    }

    /** The newest 100 records with the word in the body, as a whole word, ignoring case. */
    private static int logSearch(ClickHouse clickHouse, Window w) {
        return clickHouse.query(Sql.of("""
                        SELECT project_id, time_ns, observed_time_ns, trace_id, span_id, severity_number, severity_text,
                               service_name, body, resource_attributes.key, resource_attributes.value,
                               log_attributes.key, log_attributes.value, scope_name
                        FROM logs
                        WHERE project_id = {project:String} AND timestamp >= {from:DateTime} AND timestamp < {to:DateTime}
                          AND positionCaseInsensitiveUTF8(body, {word:String}) > 0
                          AND match(lowerUTF8(body), {wordRegex:String})
                        ORDER BY time_ns DESC
                        LIMIT 100""")
                .bind("project", PROJECT).bind("from", w.from()).bind("to", w.to()).bind("word", LOG_WORD)
                .bind("wordRegex", "(^|[^\\p{L}\\p{N}_])" + LOG_WORD + "($|[^\\p{L}\\p{N}_])")).size();
    }

    // ---- measuring and printing ----

    private static <I> Result measure(Case<I> query) {
        System.out.printf("%s: %d warm-up and %d measured runs ...%n", query.name(), WARM_UP, query.runs());
        List<I> inputs = query.inputs();
        for (int i = 0; i < WARM_UP; i++) {
            I input = inputs.get((query.runs() + i) % inputs.size());
            if (query.engine() != null) {
                query.engine().applyAsInt(input);
            }
            query.ceiling().applyAsInt(input);
        }
        long[] engine = new long[query.runs()];
        long[] ceiling = new long[query.runs()];
        long engineResults = 0;
        long ceilingResults = 0;
        for (int i = 0; i < query.runs(); i++) {
            I input = inputs.get(i % inputs.size());
            // Alternating which goes first, so neither always runs right after the other warmed a cache.
            if (i % 2 == 0 && query.engine() != null) {
                long started = System.nanoTime();
                engineResults += query.engine().applyAsInt(input);
                engine[i] = System.nanoTime() - started;
            }
            long started = System.nanoTime();
            ceilingResults += query.ceiling().applyAsInt(input);
            ceiling[i] = System.nanoTime() - started;
            if (i % 2 == 1 && query.engine() != null) {
                started = System.nanoTime();
                engineResults += query.engine().applyAsInt(input);
                engine[i] = System.nanoTime() - started;
            }
        }
        var result = new Result(query,
                query.engine() == null ? null : new Measured(new Timings(engine), engineResults),
                new Measured(new Timings(ceiling), ceilingResults));
        System.out.printf(Locale.ROOT, "  engine %s, SQL %s%n", figures(result.engine()), figures(result.ceiling()));
        return result;
    }

    private static String figures(Measured timings) {
        return timings == null ? "not merged yet"
                : String.format(Locale.ROOT, "p50 %.1f ms, p99 %.1f ms, %,d results in all", timings.millis(50),
                        timings.millis(99), timings.results());
    }

    private static void printTable(List<Result> results) {
        System.out.println("| query | engine p50 ms | engine p99 ms | SQL p50 ms | SQL p99 ms | ratio p50 | ratio p99 "
                + "| results of all runs, engine / SQL | target | met? |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (Result r : results) {
            Case<?> query = r.query();
            String target = (query.engineP99Limit() == null ? ""
                    : "engine p99 < " + query.engineP99Limit().toMillis() + " ms, ") + "ratios <= " + MAX_RATIO;
            Measured sql = r.ceiling();
            if (r.engine() == null) {
                System.out.printf(Locale.ROOT, "| %s | - | - | %.1f | %.1f | - | - | - / %,d | %s | engine not merged yet |%n",
                        query.name(), sql.millis(50), sql.millis(99), sql.results(), target);
                continue;
            }
            Measured engine = r.engine();
            double ratio50 = engine.millis(50) / sql.millis(50);
            double ratio99 = engine.millis(99) / sql.millis(99);
            var missed = new ArrayList<String>();
            if (query.engineP99Limit() != null && engine.millis(99) >= query.engineP99Limit().toMillis()) {
                missed.add("p99");
            }
            if (ratio50 > MAX_RATIO) {
                missed.add("ratio p50");
            }
            if (ratio99 > MAX_RATIO) {
                missed.add("ratio p99");
            }
            System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f | %.2f | %.2f | %,d / %,d | %s | %s |%n",
                    query.name(), engine.millis(50), engine.millis(99), sql.millis(50), sql.millis(99), ratio50, ratio99,
                    engine.results(), sql.results(), target,
                    missed.isEmpty() ? "yes" : "no: " + String.join(", ", missed));
        }
    }

    /** {@code count} one-hour windows starting on whole minutes, at random in {@code [from, to - 1 h]}. */
    private static List<Window> hours(Random random, Instant from, Instant to, int count) {
        long minutes = Duration.between(from, to).toMinutes() - 60;
        var windows = new ArrayList<Window>();
        for (int i = 0; i < count; i++) {
            Instant start = from.plus(Duration.ofMinutes(random.nextLong(minutes + 1)));
            windows.add(new Window(start, start.plus(Duration.ofHours(1))));
        }
        return windows;
    }

    /** The narrowest of the usual widths that gives at most 100 buckets (15 min for 24 h). */
    private static long bucketSeconds(Duration window) {
        // The engine's rule: the narrowest width of its ladder giving at most 200 buckets.
        for (long width : new long[] {1, 5, 10, 30, 60, 300, 600, 1800, 3600, 10800, 21600, 43200, 86400}) {
            if ((window.toSeconds() + width - 1) / width <= 200) {
                return width;
            }
        }
        return 86400;
    }

    private static String required(String variable) {
        String value = System.getenv(variable);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(variable + " is not set: run this with ./dev bench query");
        }
        return value;
    }
}
