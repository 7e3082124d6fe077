package dev.tracehound.analytics.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracehound.analytics.SpanRow;
import dev.tracehound.analytics.SpanRow.SpanKind;
import dev.tracehound.analytics.SpanRow.StatusCode;
import dev.tracehound.analytics.TelemetryWriter;
import dev.tracehound.analytics.TestClickHouse;
import dev.tracehound.analytics.query.TraceDetail.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TraceQueriesIT {

    private static final long MS = 1_000_000L;
    private static final long T0 = 1_763_700_000_000L * MS;
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    /** inventory asks a model which warehouse to use. */
    private static final SpanRow.LlmUsage INVENTORY_CALL =
            new SpanRow.LlmUsage("openai", "o4-mini", 10_000, 2_000, 4_000, 300, 1_500, 0.0165);

    private static TestClickHouse clickHouse;
    private static TraceQueries traces;

    /*
     * checkout  0..1000 ms  (root, project a)
     *   auth      10..60
     *   payment   100..900   ERROR
     *     stripe    150..880
     *   inventory 120..400  (parallel with payment, ends earlier; an LLM call, INVENTORY_CALL)
     * late      950..990    parent "ffff..." never arrived: an orphan
     * The same trace id in project b holds one other span.
     */
    @BeforeAll
    static void seed() {
        clickHouse = TestClickHouse.migrated();
        traces = new TraceQueries(clickHouse.clickHouse());
        var writer = new TelemetryWriter(clickHouse.clickHouse());
        writer.writeSpans(List.of(
                span("a", "0000000000000004", "0000000000000001", "inventory", 120, 400, StatusCode.OK),
                span("a", "0000000000000001", "", "checkout", 0, 1000, StatusCode.OK),
                span("a", "0000000000000003", "0000000000000001", "payment", 100, 900, StatusCode.ERROR),
                span("a", "0000000000000002", "0000000000000001", "auth", 10, 60, StatusCode.OK)));
        // Another batch, as a trace arrives in pieces.
        writer.writeSpans(List.of(
                span("a", "0000000000000005", "0000000000000003", "stripe", 150, 880, StatusCode.OK),
                span("a", "0000000000000006", "ffffffffffffffff", "late", 950, 990, StatusCode.OK),
                span("b", "00000000000000b1", "", "someone else's", 0, 5, StatusCode.OK)));
    }

    @AfterAll
    static void drop() {
        clickHouse.close();
    }

    @Test
    void aTraceComesBackAsATreeWithChildrenInStartOrder() {
        TraceDetail trace = traces.trace("a", TRACE.toUpperCase()).orElseThrow();

        assertThat(trace.spanCount()).isEqualTo(6);
        assertThat(trace.errorCount()).isEqualTo(1);
        assertThat(trace.durationNanos()).isEqualTo(1000 * MS);
        assertThat(trace.services()).containsExactly("checkout", "late", "payment");
        assertThat(trace.truncated()).isFalse();
        assertThat(trace.roots()).extracting(n -> n.span().name()).containsExactly("checkout", "late");
        Node checkout = trace.roots().getFirst();
        assertThat(checkout.orphan()).isFalse();
        assertThat(checkout.children()).extracting(n -> n.span().name()).containsExactly("auth", "payment", "inventory");
        assertThat(checkout.children().get(1).children()).extracting(n -> n.span().name()).containsExactly("stripe");
        assertThat(trace.roots().get(1).orphan()).isTrue();
        assertThat(checkout.span().attributes()).containsEntry("http.route", "/checkout");
        assertThat(checkout.span().resourceAttributes()).containsEntry("service.name", "checkout");
        assertThat(checkout.span().events()).singleElement().satisfies(e -> {
            assertThat(e.name()).isEqualTo("retry");
            assertThat(e.attributes()).containsEntry("attempt", "2");
        });
        assertThat(checkout.span().links()).singleElement().satisfies(l -> assertThat(l.traceId()).isEqualTo(TRACE));
    }

    @Test
    void anLlmCallShowsItsTokensCachedAndReasoningIncludedAndItsCost() {
        Node checkout = traces.trace("a", TRACE).orElseThrow().roots().getFirst();

        SpanRow.LlmUsage llm = checkout.children().get(2).span().llm();
        assertThat(llm.cachedInputTokens()).isEqualTo(4_000);
        assertThat(llm.cacheWriteTokens()).isEqualTo(300);
        assertThat(llm.reasoningTokens()).isEqualTo(1_500);
        assertThat(llm).isEqualTo(INVENTORY_CALL);
        assertThat(checkout.span().llm()).isEqualTo(SpanRow.LlmUsage.NONE);
    }

    @Test
    void theCriticalPathIsWhatKeptTheTraceFromEndingSooner() {
        TraceDetail trace = traces.trace("a", TRACE).orElseThrow();

        var critical = new ArrayList<String>();
        walk(trace.roots(), n -> {
            if (n.critical()) {
                critical.add(n.span().name());
            }
        });
        // payment (100..900) ends last; before it, auth (10..60); inventory runs beside payment.
        assertThat(critical).containsExactlyInAnyOrder("checkout", "auth", "payment", "stripe");
    }

    @Test
    void anotherProjectsTraceOfTheSameIdIsNeverMixedIn() {
        assertThat(traces.trace("b", TRACE).orElseThrow().roots())
                .singleElement().satisfies(n -> assertThat(n.span().name()).isEqualTo("someone else's"));
        assertThat(traces.trace("c", TRACE)).isEmpty();
        assertThat(traces.trace("a", "0123456789abcdef0123456789abcdef")).isEmpty();
    }

    @Test
    void aMalformedTraceIdOrAnInjectionAttemptIsRefusedBeforeAnyQuery() {
        assertThatThrownBy(() -> traces.trace("a", "' OR 1=1 --")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 hex digits");
        assertThatThrownBy(() -> traces.trace("a", TRACE.substring(1))).isInstanceOf(IllegalArgumentException.class);
        // A hostile project id is only ever a bound literal: it matches no project.
        assertThat(traces.trace("a' OR project_id != '", TRACE)).isEmpty();
    }

    @Test
    void spansWhoseParentsFormALoopAreStillShownOnce() {
        var loop = TraceQueries.tree(TRACE, List.of(
                span("a", "00000000000000a1", "00000000000000a2", "one", 0, 10, StatusCode.OK),
                span("a", "00000000000000a2", "00000000000000a1", "two", 1, 9, StatusCode.OK)), false);

        var seen = new ArrayList<String>();
        walk(loop.roots(), n -> seen.add(n.span().name()));
        assertThat(seen).containsExactlyInAnyOrder("one", "two");
    }

    private static void walk(List<Node> nodes, Consumer<Node> visit) {
        for (Node node : nodes) {
            visit.accept(node);
            walk(node.children(), visit);
        }
    }

    private static SpanRow span(String project, String id, String parent, String name, long startMs, long endMs,
            StatusCode status) {
        String service = name.equals("checkout") || name.equals("auth") || name.equals("inventory") ? "checkout"
                : name.equals("late") ? "late" : "payment";
        var attributes = Map.of("http.route", "/" + name);
        var events = name.equals("checkout")
                ? List.of(new SpanRow.SpanEvent(T0 + 5 * MS, "retry", Map.of("attempt", "2"))) : List.<SpanRow.SpanEvent>of();
        var links = name.equals("checkout")
                ? List.of(new SpanRow.SpanLink(TRACE, "0000000000000009", Map.of())) : List.<SpanRow.SpanLink>of();
        return new SpanRow(project, TRACE, id, parent, "", name, SpanKind.SERVER, status, "", service, "", "",
                T0 + startMs * MS, (endMs - startMs) * MS, Map.of("service.name", service), attributes, events, links,
                name.equals("inventory") ? INVENTORY_CALL : SpanRow.LlmUsage.NONE);
    }
}
