package dev.tracehound.analytics.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracehound.analytics.SpanRow;
import dev.tracehound.analytics.SpanRow.SpanKind;
import dev.tracehound.analytics.SpanRow.StatusCode;
import dev.tracehound.analytics.TelemetryWriter;
import dev.tracehound.analytics.TestClickHouse;
import dev.tracehound.analytics.query.AttributeFilter.Op;
import dev.tracehound.analytics.query.AttributeFilter.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TraceSearchIT {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static final String T1 = trace(1);
    private static final String T2 = trace(2);
    private static final String T3 = trace(3);
    private static final String T4 = trace(4);
    private static final String T5 = trace(5);

    private static TestClickHouse clickHouse;
    private static TraceQueries traces;
    private static final TraceSearch WINDOW = TraceSearch.in(T0, T0.plus(Duration.ofHours(1)));

    @BeforeAll
    static void seed() {
        clickHouse = TestClickHouse.migrated();
        traces = new TraceQueries(clickHouse.clickHouse());
        var spans = new ArrayList<SpanRow>();
        // T1: a fast checkout whose charge through stripe_v3 failed, on version 2.3.1.
        spans.add(span("a", T1, "0000000000000001", "", "GET /checkout", "frontend", 1_000, 100, StatusCode.OK, "",
                Map.of(), "2.3.1"));
        spans.add(span("a", T1, "0000000000000002", "0000000000000001", "charge", "payments", 1_010, 80,
                StatusCode.ERROR, "card declined", Map.of("payment.provider", "stripe_v3"), "2.3.1"));
        // T2: a slow checkout through stripe_v2.
        spans.add(span("a", T2, "0000000000000003", "", "GET /checkout", "frontend", 2_000, 2_000, StatusCode.OK, "",
                Map.of(), "2.3.0"));
        spans.add(span("a", T2, "0000000000000004", "0000000000000003", "charge", "payments", 2_100, 1_800,
                StatusCode.OK, "", Map.of("payment.provider", "stripe_v2"), "2.3.0"));
        // T3 and T4: item pages, T3 failed.
        spans.add(span("a", T3, "0000000000000005", "", "GET /item", "frontend", 3_000, 50, StatusCode.ERROR,
                "Item Not Found", Map.of(), "2.3.0"));
        spans.add(span("a", T4, "0000000000000006", "", "GET /item", "frontend", 4_000, 30, StatusCode.OK, "",
                Map.of(), "2.3.0"));
        // T5: two hours later, outside the window.
        spans.add(span("a", T5, "0000000000000007", "", "GET /item", "frontend", 7_200_000, 30, StatusCode.OK, "",
                Map.of(), "2.3.0"));
        // Project b has a trace with T1's id.
        spans.add(span("b", T1, "00000000000000b1", "", "POST /other", "other", 1_000, 10, StatusCode.OK, "",
                Map.of(), "1.0"));
        new TelemetryWriter(clickHouse.clickHouse()).writeSpans(spans);
    }

    @AfterAll
    static void drop() {
        clickHouse.close();
    }

    @Test
    void aWindowListsItsTracesNewestFirstWithTheirSummaries() {
        TracePage page = traces.search("a", WINDOW);

        assertThat(page.traces()).extracting(TracePage.Summary::traceId).containsExactly(T4, T3, T2, T1);
        assertThat(page.nextCursor()).isEmpty();
        TracePage.Summary t1 = page.traces().getLast();
        assertThat(t1.rootName()).isEqualTo("GET /checkout");
        assertThat(t1.rootService()).isEqualTo("frontend");
        assertThat(t1.spanCount()).isEqualTo(2);
        assertThat(t1.errorCount()).isEqualTo(1);
        assertThat(t1.services()).containsExactly("frontend", "payments");
        assertThat(t1.durationNanos()).isEqualTo(Duration.ofMillis(100).toNanos());
    }

    @Test
    void fieldFiltersNarrowTheTraces() {
        assertThat(ids(WINDOW.withStatus(StatusCode.ERROR))).containsExactly(T3, T1);
        assertThat(ids(WINDOW.withMinDuration(Duration.ofSeconds(1)))).containsExactly(T2);
        assertThat(ids(WINDOW.withText("not FOUND"))).containsExactly(T3);
        assertThat(ids(WINDOW.withService("payments").withStatus(StatusCode.ERROR))).containsExactly(T1);
        assertThat(ids(WINDOW.withText("card").onlyRoots())).isEmpty();
        assertThat(ids(WINDOW.sortedBy(TraceSearch.Sort.DURATION, 50))).containsExactly(T2, T1, T3, T4);
    }

    @Test
    void attributeFiltersOfSpansAndResources() {
        assertThat(ids(WINDOW.withAttribute(new AttributeFilter(Scope.RECORD, "payment.provider", Op.EQUALS, "stripe_v3"))))
                .containsExactly(T1);
        assertThat(ids(WINDOW.withService("payments")
                .withAttribute(new AttributeFilter(Scope.RECORD, "payment.provider", Op.NOT_EQUALS, "stripe_v3"))))
                .containsExactly(T2);
        assertThat(ids(WINDOW.withAttribute(new AttributeFilter(Scope.RECORD, "payment.provider", Op.CONTAINS, "STRIPE"))))
                .containsExactly(T2, T1);
        assertThat(ids(WINDOW.withAttribute(new AttributeFilter(Scope.RECORD, "payment.provider", Op.EXISTS, null))))
                .containsExactly(T2, T1);
        assertThat(ids(WINDOW.withAttribute(new AttributeFilter(Scope.RESOURCE, "service.version", Op.EQUALS, "2.3.1"))))
                .containsExactly(T1);
        // EQUALS with an empty value does not match spans that lack the attribute.
        assertThat(ids(WINDOW.withAttribute(new AttributeFilter(Scope.RECORD, "payment.provider", Op.EQUALS, ""))))
                .isEmpty();
    }

    @Test
    void pagesFollowEachOtherThroughTheCursor() {
        TracePage first = traces.search("a", WINDOW.sortedBy(TraceSearch.Sort.TIME, 3));
        assertThat(first.traces()).extracting(TracePage.Summary::traceId).containsExactly(T4, T3, T2);
        TracePage second = traces.search("a", WINDOW.sortedBy(TraceSearch.Sort.TIME, 3).after(first.nextCursor().orElseThrow()));
        assertThat(second.traces()).extracting(TracePage.Summary::traceId).containsExactly(T1);
        assertThat(second.nextCursor()).isEmpty();
        assertThatThrownBy(() -> traces.search("a", WINDOW.after("not-a-cursor")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a cursor");
    }

    @Test
    void anotherProjectsTracesNeverShowAndNoValueBecomesSql() {
        assertThat(traces.search("b", WINDOW).traces()).singleElement().satisfies(t -> {
            assertThat(t.traceId()).isEqualTo(T1);
            assertThat(t.rootName()).isEqualTo("POST /other");
            assertThat(t.spanCount()).isEqualTo(1);
        });
        String hostile = "x' OR 1=1 OR name != '";
        assertThat(ids(WINDOW.withService(hostile))).isEmpty();
        assertThat(ids(WINDOW.withText(hostile))).isEmpty();
        assertThat(ids(WINDOW.withAttribute(new AttributeFilter(Scope.RECORD, hostile, Op.EQUALS, hostile)))).isEmpty();
        assertThat(traces.search(hostile, WINDOW).traces()).isEmpty();
    }

    @Test
    void aWindowWiderThanAWeekIsRefusedWithHowToNarrowIt() {
        assertThatThrownBy(() -> TraceSearch.in(T0, T0.plus(Duration.ofDays(8))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 7 days");
        assertThatThrownBy(() -> TraceSearch.in(T0, T0)).hasMessageContaining("empty");
    }

    private static List<String> ids(TraceSearch search) {
        return traces.search("a", search).traces().stream().map(TracePage.Summary::traceId).toList();
    }

    private static String trace(int n) {
        return String.format("%032x", n);
    }

    private static SpanRow span(String project, String trace, String id, String parent, String name, String service,
            long startMs, long durationMs, StatusCode status, String message, Map<String, String> attributes,
            String version) {
        long start = Duration.between(Instant.EPOCH, T0).toNanos() + Duration.ofMillis(startMs).toNanos();
        return new SpanRow(project, trace, id, parent, "", name, SpanKind.SERVER, status, message, service, "", "",
                start, Duration.ofMillis(durationMs).toNanos(), Map.of("service.name", service, "service.version", version),
                attributes, List.of(), List.of(), SpanRow.LlmUsage.NONE);
    }
}
