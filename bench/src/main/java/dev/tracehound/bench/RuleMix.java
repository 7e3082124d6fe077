package dev.tracehound.bench;

import dev.tracehound.analytics.ClickHouse;
import dev.tracehound.analytics.Row;
import dev.tracehound.analytics.Sql;
import dev.tracehound.incidents.Severity;
import dev.tracehound.incidents.rule.Condition;
import dev.tracehound.incidents.rule.RuleDraft;
import dev.tracehound.incidents.rule.RuleQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Alert rules as a shop's teams would write them, drawn from what the data holds: for each rule a
 * service (by its share of the spans), a measure (error rate, p99, count, some p95/p50/average),
 * often one or two attribute filters of values that service has (routes, methods, providers,
 * status codes, versions), a few group-bys, a window of 5 min, 10 min or 1 h, and a threshold
 * near the service's own value (so some breach) or a change against the day before.
 */
final class RuleMix {

    /** The attributes rules filter on, when a service has them. */
    private static final List<String> KEYS = List.of("http.route", "http.request.method", "payment.provider",
            "db.system", "rpc.method", "http.response.status_code", "db.operation");

    private static final String SERVICES = """
            SELECT service_name, count() AS c, countIf(status_code = 'ERROR') / count() AS error_rate,
                   quantile(0.99)(duration_ns) / 1e6 AS p99
            FROM spans
            WHERE project_id = {project:String} AND timestamp >= {from:DateTime} AND timestamp < {to:DateTime}
            GROUP BY service_name
            ORDER BY c DESC""";

    private static final String VALUES = """
            SELECT service_name, key, value, count() AS c
            FROM spans
            ARRAY JOIN span_attributes.key AS key, span_attributes.value AS value
            WHERE project_id = {project:String} AND timestamp >= {from:DateTime} AND timestamp < {to:DateTime}
              AND has({keys:Array(String)}, key)
            GROUP BY service_name, key, value
            ORDER BY c DESC
            LIMIT 6 BY service_name, key""";

    private static final String VERSIONS = """
            SELECT service_name, resource_attributes.value[indexOf(resource_attributes.key, 'service.version')] AS value,
                   count() AS c
            FROM spans
            WHERE project_id = {project:String} AND timestamp >= {from:DateTime} AND timestamp < {to:DateTime}
            GROUP BY service_name, value
            HAVING value != ''""";

    /** A service over an hour of the data: its spans, error rate, p99 and the attribute values it has. */
    record Service(String name, long spansPerHour, double errorRate, double p99Millis, List<Map.Entry<String, String>> values) {}

    private final List<Service> services;
    private final Random random = new Random(17);

    private RuleMix(List<Service> services) {
        this.services = services;
    }

    /** The services of the hour starting {@code from}, and their attribute values. */
    static RuleMix of(ClickHouse clickHouse, String project, Instant from) {
        Instant to = from.plus(Duration.ofHours(1));
        var values = new LinkedHashMap<String, List<Map.Entry<String, String>>>();
        for (Row row : clickHouse.query(Sql.of(VALUES).bind("project", project).bind("from", from).bind("to", to)
                .bind("keys", KEYS))) {
            values.computeIfAbsent(row.string("service_name"), s -> new ArrayList<>())
                    .add(Map.entry(row.string("key"), row.string("value")));
        }
        for (Row row : clickHouse.query(Sql.of(VERSIONS).bind("project", project).bind("from", from).bind("to", to))) {
            values.computeIfAbsent(row.string("service_name"), s -> new ArrayList<>())
                    .add(Map.entry(RuleQuery.RESOURCE_PREFIX + "service.version", row.string("value")));
        }
        var services = new ArrayList<Service>();
        for (Row row : clickHouse.query(Sql.of(SERVICES).bind("project", project).bind("from", from).bind("to", to))) {
            String name = row.string("service_name");
            services.add(new Service(name, row.longValue("c"), row.doubleValue("error_rate"), row.doubleValue("p99"),
                    values.getOrDefault(name, List.of())));
        }
        if (services.isEmpty()) {
            throw new IllegalStateException("no spans of project " + project + " in the hour from " + from);
        }
        return new RuleMix(services);
    }

    List<Service> services() {
        return services;
    }

    /** {@code count} rules, the same ones for the same data every run. */
    List<RuleDraft> drafts(int count) {
        var drafts = new ArrayList<RuleDraft>();
        for (int i = 0; i < count; i++) {
            drafts.add(draft(i));
        }
        return drafts;
    }

    private RuleDraft draft(int n) {
        Service service = byVolume();
        boolean everyService = random.nextInt(10) == 0;
        RuleQuery.Measure measure = pick(new double[] {35, 30, 20, 5, 5, 5}, RuleQuery.Measure.ERROR_RATE,
                RuleQuery.Measure.P99, RuleQuery.Measure.COUNT, RuleQuery.Measure.P95, RuleQuery.Measure.P50,
                RuleQuery.Measure.AVG);
        RuleQuery.Spans query = RuleQuery.Spans.of(measure);
        var filters = new ArrayList<Map.Entry<String, String>>();
        if (!everyService) {
            query = query.ofService(service.name());
            int wanted = random.nextInt(100) < 45 ? 0 : random.nextInt(100) < 73 ? 1 : 2;
            for (int tries = 0; filters.size() < wanted && tries < 10 && !service.values().isEmpty(); tries++) {
                Map.Entry<String, String> value = service.values().get(random.nextInt(service.values().size()));
                if (filters.stream().noneMatch(f -> f.getKey().equals(value.getKey()))) {
                    filters.add(value);
                    query = query.where(value.getKey(), value.getValue());
                }
            }
        }
        if (random.nextInt(10) == 0) {
            query = everyService ? query.groupedBy(RuleQuery.SERVICE_NAME)
                    : query.groupedBy(random.nextBoolean() ? RuleQuery.SPAN_NAME : service.values().isEmpty()
                            ? RuleQuery.SPAN_NAME : service.values().get(random.nextInt(service.values().size())).getKey());
        }
        Duration window = pick(new double[] {40, 30, 30}, Duration.ofMinutes(5), Duration.ofMinutes(10),
                Duration.ofHours(1));
        double share = filters.isEmpty() ? 1 : 0.3;
        double typical = switch (measure) {
            case ERROR_RATE -> Math.max(0.005, service.errorRate());
            case COUNT -> Math.max(10, service.spansPerHour() * share * window.toSeconds() / 3600.0);
            default -> Math.max(5, service.p99Millis() * (measure == RuleQuery.Measure.P99 ? 1 : 0.5));
        };
        Condition condition = random.nextInt(4) == 0
                ? new Condition.Change(Condition.Direction.ABOVE, Condition.Baseline.dayBefore(),
                        1.5 + random.nextInt(3) * 0.5, measure == RuleQuery.Measure.ERROR_RATE ? 0.02 : 0)
                : new Condition.Threshold(Condition.Direction.ABOVE,
                        measure == RuleQuery.Measure.ERROR_RATE ? Math.min(1, typical * (0.7 + random.nextDouble() * 2))
                                : Math.round(typical * (0.7 + random.nextDouble() * 2)));
        String name = String.format(Locale.ROOT, "%04d %s of %s%s%s", n, measure.wireName(),
                everyService ? "every service" : service.name(),
                filters.isEmpty() ? "" : " where " + filters.stream().map(f -> f.getKey() + "=" + f.getValue())
                        .reduce((a, b) -> a + ", " + b).orElse(""),
                query.groupBy().isEmpty() ? "" : " by " + String.join(", ", query.groupBy()));
        return new RuleDraft(name.length() > 200 ? name.substring(0, 200) : name, query, condition, window,
                Duration.ofMinutes(1), random.nextBoolean() ? Severity.HIGH : Severity.MEDIUM, Map.of("team", "shop"),
                List.of(), false, true);
    }

    private Service byVolume() {
        long total = services.stream().mapToLong(Service::spansPerHour).sum();
        long at = (long) (random.nextDouble() * total);
        for (Service service : services) {
            at -= service.spansPerHour();
            if (at < 0) {
                return service;
            }
        }
        return services.getLast();
    }

    @SafeVarargs
    private <T> T pick(double[] weights, T... choices) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double at = random.nextDouble() * total;
        for (int i = 0; i < choices.length; i++) {
            at -= weights[i];
            if (at < 0) {
                return choices[i];
            }
        }
        return choices[choices.length - 1];
    }
}
