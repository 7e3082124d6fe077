package dev.tracehound.analytics.query;

import dev.tracehound.analytics.ClickHouse;
import dev.tracehound.analytics.Row;
import dev.tracehound.analytics.Sql;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Each service's health as anomaly detectors read it: how many spans it had, how many failed,
 * their p99 duration, and the types of its errors. An error's type is its exception event's
 * {@code exception.type}, else its {@code error.type} attribute, else the gRPC-style code its
 * status message starts with ({@code DEADLINE_EXCEEDED: …}). Free-text status messages are not
 * types: they hold order and product ids, amounts and provider names, so nearly every one is new.
 */
public final class ServiceHealthQueries {

    /** The most error types read per service. */
    static final int MAX_ERROR_TYPES = 200;

    /** A span's error type, for error spans, or empty; see the class comment. */
    private static final String ERROR_TYPE = """
            multiIf(notEmpty(<exceptionType>), <exceptionType>,
                    notEmpty(<errorAttribute>), <errorAttribute>,
                    extract(status_message, '^([A-Z][A-Z_]{2,}):'))""";

    private static final String EXCEPTION_TYPE = """
            events.attribute_values[indexOf(events.name, 'exception')]\
            [indexOf(events.attribute_keys[indexOf(events.name, 'exception')], 'exception.type')]""";

    private static final String ERROR_ATTRIBUTE = "span_attributes.value[indexOf(span_attributes.key, 'error.type')]";

    private static final String WINDOW_CONDITIONS = """
              AND timestamp >= {from:DateTime} AND timestamp <= {to:DateTime}
              AND start_time_ns >= {fromNs:UInt64} AND start_time_ns < {toNs:UInt64}
            """;

    /**
     * A window's spans per service (rows of part 0), and its error types per service (part 1),
     * in one statement so an evaluation is one round trip.
     */
    private static final String WINDOW = """
            SELECT 0 AS part, service_name, '' AS error_type, count() AS spans,
                   countIf(status_code = 'ERROR') AS errors, toFloat64(quantile(0.99)(duration_ns)) AS p99
            FROM spans
            WHERE project_id = {project:String}
            <window>GROUP BY service_name
            UNION ALL
            SELECT 1 AS part, service_name, <errorType> AS error_type, count() AS spans, count() AS errors,
                   toFloat64(0) AS p99
            FROM spans
            WHERE project_id = {project:String}
            <window>  AND status_code = 'ERROR'
            GROUP BY service_name, error_type
            ORDER BY spans DESC, error_type
            LIMIT <maxTypes> BY service_name""";

    /** The spans per service and bucket of a history. */
    private static final String HISTORY_BUCKETS = """
            SELECT service_name, intDiv(start_time_ns, {widthNs:UInt64}) AS bucket, count() AS spans,
                   countIf(status_code = 'ERROR') AS errors, toFloat64(quantile(0.99)(duration_ns)) AS p99
            FROM spans
            WHERE project_id = {project:String}
            <window>GROUP BY service_name, bucket
            ORDER BY service_name, bucket""";

    /** The error types per service of a history, and when each was first seen in it. */
    private static final String HISTORY_ERROR_TYPES = """
            SELECT service_name, <errorType> AS error_type, min(start_time_ns) AS first_ns, count() AS n
            FROM spans
            WHERE project_id = {project:String}
            <window>  AND status_code = 'ERROR'
            GROUP BY service_name, error_type
            ORDER BY n DESC, error_type
            LIMIT <maxTypes> BY service_name""";

    private final ProjectQueries queries;

    public ServiceHealthQueries(ClickHouse clickHouse) {
        this.queries = new ProjectQueries(clickHouse);
    }

    /** Each service with spans in {@code [from, to)}, by name. */
    public List<ServiceHealth> window(String projectId, Instant from, Instant to) {
        QueryParts.checkWindow(from, to);
        String statement = Fragments.fill(WINDOW, Map.of("window", WINDOW_CONDITIONS, "errorType", errorType(),
                "maxTypes", Integer.toString(MAX_ERROR_TYPES)));
        var services = new LinkedHashMap<String, Row>();
        var types = new LinkedHashMap<String, Map<String, Long>>();
        for (Row row : queries.query(projectId, bound(statement, from, to))) {
            String service = row.string("service_name");
            if (row.longValue("part") == 0) {
                services.put(service, row);
            } else if (!row.string("error_type").isEmpty()) {
                types.computeIfAbsent(service, s -> new LinkedHashMap<>()).put(row.string("error_type"),
                        row.longValue("spans"));
            }
        }
        return services.keySet().stream().sorted().map(service -> {
            Row row = services.get(service);
            return new ServiceHealth(service, row.longValue("spans"), row.longValue("errors"),
                    millis(row.fields().get("p99")), types.getOrDefault(service, Map.of()));
        }).toList();
    }

    /**
     * The spans of each service in {@code [from, to)} per bucket of {@code bucketWidth} (aligned
     * to the epoch; buckets without spans left out), and the error types seen in that time.
     */
    public ServiceHistory history(String projectId, Instant from, Instant to, Duration bucketWidth) {
        QueryParts.checkWindow(from, to);
        AggregateQueries.checkBucketWidth(from, to, bucketWidth);
        long widthNs = bucketWidth.toNanos();
        var buckets = new LinkedHashMap<String, List<ServiceHistory.Bucket>>();
        String statement = Fragments.fill(HISTORY_BUCKETS, Map.of("window", WINDOW_CONDITIONS));
        for (Row row : queries.query(projectId, bound(statement, from, to).bind("widthNs", widthNs))) {
            long start = row.longValue("bucket") * widthNs;
            buckets.computeIfAbsent(row.string("service_name"), s -> new ArrayList<>()).add(new ServiceHistory.Bucket(
                    instant(start), row.longValue("spans"), row.longValue("errors"), millis(row.fields().get("p99"))));
        }
        var firstSeen = new LinkedHashMap<String, Map<String, Instant>>();
        statement = Fragments.fill(HISTORY_ERROR_TYPES, Map.of("errorType", errorType(), "window", WINDOW_CONDITIONS, "maxTypes", Integer.toString(MAX_ERROR_TYPES)));
        for (Row row : queries.query(projectId, bound(statement, from, to))) {
            if (!row.string("error_type").isEmpty()) {
                firstSeen.computeIfAbsent(row.string("service_name"), s -> new LinkedHashMap<>())
                        .put(row.string("error_type"), instant(row.longValue("first_ns")));
            }
        }
        return new ServiceHistory(from, to, bucketWidth, buckets, firstSeen);
    }

    private static String errorType() {
        return Fragments.fill(ERROR_TYPE, Map.of("exceptionType", EXCEPTION_TYPE, "errorAttribute", ERROR_ATTRIBUTE));
    }

    private static Sql bound(String statement, Instant from, Instant to) {
        return Sql.of(statement).bind("from", from).bind("to", to)
                .bind("fromNs", QueryParts.nanos(from)).bind("toNs", QueryParts.nanos(to));
    }

    /** A duration in nanoseconds as milliseconds; NaN where there was none (ClickHouse writes nan as null). */
    private static double millis(JsonNode nanos) {
        if (nanos == null || nanos.isNull()) {
            return Double.NaN;
        }
        return QueryParts.doubleOf(nanos) / 1e6;
    }

    private static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }
}
