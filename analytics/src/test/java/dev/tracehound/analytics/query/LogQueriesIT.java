package dev.tracehound.analytics.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracehound.analytics.LogRow;
import dev.tracehound.analytics.SpanRow;
import dev.tracehound.analytics.TelemetryWriter;
import dev.tracehound.analytics.TestClickHouse;
import dev.tracehound.analytics.query.AttributeFilter.Op;
import dev.tracehound.analytics.query.AttributeFilter.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LogQueriesIT {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final LogSearch WINDOW = LogSearch.in(T0, T0.plus(Duration.ofHours(1)));

    private static TestClickHouse clickHouse;
    private static LogQueries logs;

    @BeforeAll
    static void seed() {
        clickHouse = TestClickHouse.migrated();
        logs = new LogQueries(clickHouse.clickHouse());
        var writer = new TelemetryWriter(clickHouse.clickHouse());
        var rows = new ArrayList<LogRow>();
        rows.add(log("a", 1_000, 9, "checkout", "order 42 placed", "", Map.of("order.id", "42")));
        rows.add(log("a", 2_000, 17, "payments", "payment timed out: stripe_v3 (attempt 2)", TRACE,
                Map.of("payment.provider", "stripe_v3")));
        rows.add(log("a", 3_000, 13, "payments", "retrying payment.timeout", TRACE, Map.of()));
        rows.add(log("a", 4_000, 9, "checkout", "timeouts are configured at 2 s", "", Map.of()));
        // Two records of the same instant, to page through.
        rows.add(log("a", 5_000, 9, "checkout", "tick one", "", Map.of()));
        rows.add(log("a", 5_000, 9, "checkout", "tick two", "", Map.of()));
        rows.add(log("a", 7_200_000, 17, "payments", "payment timed out, later", "", Map.of()));
        rows.add(log("b", 2_000, 17, "payments", "payment timed out in project b", TRACE, Map.of()));
        writer.writeLogs(rows);
        long start = Duration.between(Instant.EPOCH, T0).toNanos() + Duration.ofMillis(1_900).toNanos();
        writer.writeSpans(List.of(new SpanRow("a", TRACE, "0000000000000001", "", "", "charge",
                SpanRow.SpanKind.SERVER, SpanRow.StatusCode.ERROR, "", "payments", "", "", start,
                Duration.ofMillis(1_200).toNanos(), Map.of(), Map.of(), List.of(), List.of(), SpanRow.LlmUsage.NONE)));
    }

    @AfterAll
    static void drop() {
        clickHouse.close();
    }

    @Test
    void recordsAreCountedOverallOrPerServiceWithTheSearchsFilters() {
        assertThat(logs.count("a", WINDOW, false)).containsExactly(Map.entry("", 6L));
        assertThat(logs.count("a", WINDOW, true)).containsExactly(Map.entry("checkout", 4L), Map.entry("payments", 2L));
        LogSearch errors = new LogSearch(T0, T0.plus(Duration.ofHours(1)), Optional.of(13),
                Optional.empty(), Optional.of("timed out"), List.of(), Optional.empty(),
                100, Optional.empty());
        assertThat(logs.count("a", errors, true)).containsExactly(Map.entry("payments", 1L));
        assertThat(logs.count("a", WINDOW.withText("nothing-says-this"), false)).containsExactly(Map.entry("", 0L));
    }

    @Test
    void recordsAreCountedPerBucketOfTheCallersWidth() {
        LogCounts counts = logs.countSeries("a", LogSearch.in(T0, T0.plus(Duration.ofHours(3))), true, 10,
                Duration.ofHours(1));

        assertThat(counts.buckets()).containsExactly(T0, T0.plus(Duration.ofHours(1)), T0.plus(Duration.ofHours(2)));
        assertThat(counts.series()).containsExactly(Map.entry("checkout", List.of(4L, 0L, 0L)),
                Map.entry("payments", List.of(2L, 0L, 1L)));
        assertThat(logs.countSeries("a", LogSearch.in(T0, T0.plus(Duration.ofHours(3))), true, 1, Duration.ofHours(1))
                .series()).containsOnlyKeys("checkout");
        assertThat(logs.countSeries("a", LogSearch.in(T0, T0.plus(Duration.ofHours(3))), false, 10, Duration.ofHours(1))
                .series()).containsExactly(Map.entry("", List.of(6L, 0L, 1L)));
    }

    @Test
    void aWindowListsItsRecordsNewestFirstAndFiltersNarrowThem() {
        assertThat(bodies(WINDOW)).as("the first hour, newest first")
                .containsExactlyInAnyOrder("tick two", "tick one", "timeouts are configured at 2 s",
                        "retrying payment.timeout", "payment timed out: stripe_v3 (attempt 2)", "order 42 placed")
                .endsWith("timeouts are configured at 2 s", "retrying payment.timeout",
                        "payment timed out: stripe_v3 (attempt 2)", "order 42 placed");
        assertThat(bodies(WINDOW.withMinSeverity(13)))
                .containsExactly("retrying payment.timeout", "payment timed out: stripe_v3 (attempt 2)");
        assertThat(bodies(WINDOW.withService("checkout").withMinSeverity(10))).isEmpty();
        assertThat(bodies(WINDOW.withAttribute(new AttributeFilter(Scope.RECORD, "payment.provider", Op.EQUALS,
                "stripe_v3")))).containsExactly("payment timed out: stripe_v3 (attempt 2)");
        assertThat(bodies(WINDOW.withAttribute(new AttributeFilter(Scope.RESOURCE, "service.name", Op.EQUALS,
                "payments")))).hasSize(2);
    }

    @Test
    void textMatchesWholeWordsIgnoringCaseAndRegexCharactersAsWritten() {
        // "timeout" is a word of "payment.timeout", but not of "timeouts" nor of "timed".
        assertThat(bodies(WINDOW.withText("TIMEOUT"))).containsExactly("retrying payment.timeout");
        assertThat(bodies(WINDOW.withText("payment timed"))).containsExactly("payment timed out: stripe_v3 (attempt 2)");
        assertThat(bodies(WINDOW.withText("(attempt"))).containsExactly("payment timed out: stripe_v3 (attempt 2)");
        assertThat(bodies(WINDOW.withText(".*"))).isEmpty();
    }

    @Test
    void theLogsOfATraceAndOnlyThoseOfItsProject() {
        assertThat(logs.ofTrace("a", TRACE.toUpperCase(), 50).logs()).extracting(LogRow::body)
                .containsExactly("retrying payment.timeout", "payment timed out: stripe_v3 (attempt 2)");
        assertThat(logs.ofTrace("b", TRACE, 50).logs()).as("project b has no span of the trace").isEmpty();
        assertThat(bodies(WINDOW.ofTrace(TRACE))).hasSize(2);
        assertThat(logs.search("b", WINDOW.ofTrace(TRACE)).logs()).extracting(LogRow::body)
                .containsExactly("payment timed out in project b");
    }

    @Test
    void pagesFollowEachOtherThroughTheCursorEvenWithinOneInstant() {
        var seen = new ArrayList<String>();
        LogPage page = logs.search("a", WINDOW.pagesOf(1));
        seen.add(page.logs().getFirst().body());
        while (page.nextCursor().isPresent()) {
            page = logs.search("a", WINDOW.pagesOf(1).after(page.nextCursor().get()));
            page.logs().forEach(l -> seen.add(l.body()));
        }
        assertThat(seen).containsExactlyElementsOf(bodies(WINDOW));
        assertThatThrownBy(() -> logs.search("a", WINDOW.after("nope"))).hasMessageContaining("not a cursor");
    }

    @Test
    void hostileValuesMatchNothingAndBreakNothing() {
        String hostile = "x' OR 1=1 OR body != '";
        assertThat(bodies(WINDOW.withService(hostile))).isEmpty();
        assertThat(bodies(WINDOW.withText(hostile))).isEmpty();
        assertThat(bodies(WINDOW.withAttribute(new AttributeFilter(Scope.RECORD, hostile, Op.CONTAINS, hostile))))
                .isEmpty();
        assertThat(logs.search(hostile, WINDOW).logs()).isEmpty();
        assertThatThrownBy(() -> logs.search("a", WINDOW.ofTrace(hostile))).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<String> bodies(LogSearch search) {
        return logs.search("a", search).logs().stream().map(LogRow::body).toList();
    }

    private static LogRow log(String project, long atMs, int severity, String service, String body, String trace,
            Map<String, String> attributes) {
        long time = Duration.between(Instant.EPOCH, T0).toNanos() + Duration.ofMillis(atMs).toNanos();
        return new LogRow(project, time, time, trace, "", severity, "", service, body,
                Map.of("service.name", service), attributes, "");
    }
}
