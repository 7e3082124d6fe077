package dev.tracehound.analytics.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tracehound.analytics.SpanRow;
import dev.tracehound.analytics.SpanRow.SpanKind;
import dev.tracehound.analytics.SpanRow.StatusCode;
import dev.tracehound.analytics.TelemetryWriter;
import dev.tracehound.analytics.TestClickHouse;
import dev.tracehound.analytics.query.Aggregation.Attribute;
import dev.tracehound.analytics.query.Aggregation.Field;
import dev.tracehound.analytics.query.LlmUsageReport.Group;
import dev.tracehound.analytics.query.LlmUsageReport.Usage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LlmUsageQueriesIT {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static final SpanFilter WINDOW = SpanFilter.in(T0, T0.plus(Duration.ofMinutes(10)));

    private static TestClickHouse clickHouse;
    private static LlmUsageQueries llm;
    private static long seeded;
    private static int nextId;

    /**
     * Project a, in the ten minutes from T0 (offset ms, duration ms, tokens in/out, of them
     * cached/cache-written/reasoning, cost): 1 frontend chat gpt-4o @1000 2000ms 1000/200 400/0/50
     * $0.05 pro; 2 frontend chat gpt-4o @7000 1000ms 500/100 $0.025 free; 3 agent plan claude-sonnet
     * @12000 5000ms 3000/800 1000/500/300 $0.30 pro; 4 agent summarize gpt-4o-mini @12500 300ms 200/50
     * $0.001 free; 5 agent embed text-embedding-3 @300000 50ms 100/0 $0.0001 without a tier; and a
     * slow span that is no LLM call.
     */
    @BeforeAll
    static void seed() {
        clickHouse = TestClickHouse.migrated();
        llm = new LlmUsageQueries(clickHouse.clickHouse());
        var spans = new ArrayList<SpanRow>();
        spans.add(call("a", "frontend", "chat", 1_000, 2_000,
                new SpanRow.LlmUsage("openai", "gpt-4o", 1000, 200, 400, 0, 50, 0.05), "pro"));
        spans.add(call("a", "frontend", "chat", 7_000, 1_000, "openai", "gpt-4o", 500, 100, 0.025, "free"));
        spans.add(call("a", "agent", "plan", 12_000, 5_000,
                new SpanRow.LlmUsage("anthropic", "claude-sonnet", 3000, 800, 1000, 500, 300, 0.30), "pro"));
        spans.add(call("a", "agent", "summarize", 12_500, 300, "openai", "gpt-4o-mini", 200, 50, 0.001, "free"));
        spans.add(call("a", "agent", "embed", 300_000, 50, "openai", "text-embedding-3", 100, 0, 0.0001, null));
        spans.add(call("a", "frontend", "GET /", 1_000, 10_000, "", "", 0, 0, 0, "pro"));
        // Outside the window.
        spans.add(call("a", "frontend", "chat", 1_200_000, 9_000,
                new SpanRow.LlmUsage("openai", "gpt-4o", 9000, 9000, 7000, 1000, 8000, 9), "pro"));
        // Project b, in the same window.
        spans.add(call("b", "secret", "chat", 2_000, 60_000,
                new SpanRow.LlmUsage("openai", "gpt-4o", 100_000, 100_000, 90_000, 0, 70_000, 100), "pro"));
        new TelemetryWriter(clickHouse.clickHouse()).writeSpans(spans);
        seeded = spans.size();
    }

    @AfterAll
    static void drop() {
        clickHouse.close();
    }

    @Test
    void totalsOfTheWindowsCalls() {
        LlmUsageReport report = llm.usage("a", LlmUsageRequest.of(WINDOW));

        assertUsage(report.total(), 5, 4800, 1150, 0.3761);
        assertCachedAndReasoning(report.total(), 1400, 500, 350);
        assertThat(report.groups()).singleElement().satisfies(g -> {
            assertThat(g.key()).isEmpty();
            assertUsage(g.usage(), 5, 4800, 1150, 0.3761);
            assertCachedAndReasoning(g.usage(), 1400, 500, 350);
        });
        assertThat(report.other()).isEmpty();
        assertUsage(llm.usage("a", LlmUsageRequest.of(WINDOW.withService("agent"))).total(), 3, 3300, 850, 0.3011);
        assertCachedAndReasoning(llm.usage("a", LlmUsageRequest.of(WINDOW.withService("frontend"))).total(), 400, 0, 50);
        assertThat(llm.usage("nobody", LlmUsageRequest.of(WINDOW)).total()).isEqualTo(Usage.NONE);
    }

    @Test
    void byModelTheCostliestFirstAndTheRestAsOther() {
        LlmUsageReport report = llm.usage("a", LlmUsageRequest.of(WINDOW).groupedBy(Field.LLM_MODEL).top(2));

        assertThat(report.groups()).extracting(Group::key)
                .containsExactly(List.of("claude-sonnet"), List.of("gpt-4o"));
        assertUsage(report.groups().get(0).usage(), 1, 3000, 800, 0.30);
        assertCachedAndReasoning(report.groups().get(0).usage(), 1000, 500, 300);
        assertUsage(report.groups().get(1).usage(), 2, 1500, 300, 0.075);
        assertCachedAndReasoning(report.groups().get(1).usage(), 400, 0, 50);
        Group other = report.other().orElseThrow();
        assertThat(other.groupCount()).isEqualTo(2);
        assertUsage(other.usage(), 2, 300, 50, 0.0011);
        assertCachedAndReasoning(other.usage(), 0, 0, 0);
        assertUsage(report.total(), 5, 4800, 1150, 0.3761);
        assertCachedAndReasoning(report.total(), 1400, 500, 350);
    }

    @Test
    void byServiceAndByAttribute() {
        LlmUsageReport byService = llm.usage("a", LlmUsageRequest.of(WINDOW).groupedBy(Field.SERVICE_NAME));
        assertThat(byService.groups()).extracting(Group::key).containsExactly(List.of("agent"), List.of("frontend"));
        assertUsage(byService.groups().get(0).usage(), 3, 3300, 850, 0.3011);
        assertUsage(byService.groups().get(1).usage(), 2, 1500, 300, 0.075);

        LlmUsageReport byTier = llm.usage("a", LlmUsageRequest.of(WINDOW).groupedBy(Attribute.span("user.tier")));
        assertThat(byTier.groups()).extracting(Group::key).containsExactly(List.of("pro"), List.of("free"), List.of(""));
        assertUsage(byTier.groups().get(0).usage(), 2, 4000, 1000, 0.35);
        assertUsage(byTier.groups().get(1).usage(), 2, 700, 150, 0.026);
        assertUsage(byTier.groups().get(2).usage(), 1, 100, 0, 0.0001);

        LlmUsageReport bySystemAndService = llm.usage("a",
                LlmUsageRequest.of(WINDOW).groupedBy(Field.LLM_SYSTEM, Field.SERVICE_NAME));
        assertThat(bySystemAndService.groups()).extracting(Group::key).containsExactly(
                List.of("anthropic", "agent"), List.of("openai", "frontend"), List.of("openai", "agent"));
    }

    @Test
    void usageOverTimeFillsEveryBucket() {
        LlmUsageSeries series = llm.usageOverTime("a", LlmUsageRequest.of(WINDOW));

        assertThat(series.bucketWidth()).isEqualTo(Duration.ofSeconds(5));
        assertThat(series.buckets()).hasSize(120);
        assertThat(series.buckets().getFirst()).isEqualTo(T0);
        List<Usage> points = series.series().getFirst().points();
        assertThat(points).hasSize(120);
        assertUsage(points.get(0), 1, 1000, 200, 0.05);
        assertCachedAndReasoning(points.get(0), 400, 0, 50);
        assertUsage(points.get(1), 1, 500, 100, 0.025);
        assertCachedAndReasoning(points.get(1), 0, 0, 0);
        assertUsage(points.get(2), 2, 3200, 850, 0.301);
        assertCachedAndReasoning(points.get(2), 1000, 500, 300);
        assertUsage(points.get(60), 1, 100, 0, 0.0001);
        assertThat(points.stream().mapToLong(Usage::calls).sum()).isEqualTo(5);
        assertThat(points.get(3)).isEqualTo(Usage.NONE);

        LlmUsageSeries byModel = llm.usageOverTime("a", LlmUsageRequest.of(WINDOW).groupedBy(Field.LLM_MODEL).top(1));
        assertThat(byModel.series()).singleElement().satisfies(s -> {
            assertThat(s.key()).containsExactly("claude-sonnet");
            assertThat(s.points().stream().map(Usage::calls).toList().indexOf(1L)).isEqualTo(2);
            assertThat(s.points().stream().mapToLong(Usage::calls).sum()).isEqualTo(1);
        });
        assertCachedAndReasoning(byModel.series().getFirst().points().get(2), 1000, 500, 300);
        List<Usage> other = byModel.other().orElseThrow().points();
        assertUsage(other.get(0), 1, 1000, 200, 0.05);
        assertCachedAndReasoning(other.get(0), 400, 0, 50);
        assertUsage(other.get(2), 1, 200, 50, 0.001);
        assertThat(other.stream().mapToLong(Usage::calls).sum()).isEqualTo(4);
    }

    @Test
    void theSlowestAndTheCostliestCalls() {
        List<LlmCall> slowest = llm.slowestCalls("a", WINDOW, 3);
        assertThat(slowest).extracting(LlmCall::spanName).containsExactly("plan", "chat", "chat");
        assertThat(slowest).extracting(LlmCall::durationNanos)
                .containsExactly(ms(5_000), ms(2_000), ms(1_000));
        LlmCall plan = slowest.getFirst();
        assertThat(plan.traceId()).isEqualTo(String.format("%032x", 3));
        assertThat(plan.spanId()).isEqualTo(String.format("%016x", 3));
        assertThat(plan.serviceName()).isEqualTo("agent");
        assertThat(plan.system()).isEqualTo("anthropic");
        assertThat(plan.model()).isEqualTo("claude-sonnet");
        assertThat(plan.inputTokens()).isEqualTo(3000);
        assertThat(plan.outputTokens()).isEqualTo(800);
        assertThat(plan.cachedInputTokens()).isEqualTo(1000);
        assertThat(plan.cacheWriteTokens()).isEqualTo(500);
        assertThat(plan.reasoningTokens()).isEqualTo(300);
        assertThat(plan.costUsd()).isEqualTo(0.30);
        assertThat(plan.startTimeNanos()).isEqualTo(nanos(T0) + ms(12_000));

        assertThat(llm.costliestCalls("a", WINDOW, 10)).extracting(LlmCall::model)
                .containsExactly("claude-sonnet", "gpt-4o", "gpt-4o", "gpt-4o-mini", "text-embedding-3");
        assertThat(llm.costliestCalls("a", WINDOW.withService("frontend"), 1)).singleElement().satisfies(c -> {
            assertThat(c.costUsd()).isEqualTo(0.05);
            assertThat(c.cachedInputTokens()).isEqualTo(400);
            assertThat(c.cacheWriteTokens()).isZero();
            assertThat(c.reasoningTokens()).isEqualTo(50);
        });
    }

    @Test
    void anotherProjectsCallsNeverShow() {
        assertThat(llm.slowestCalls("a", WINDOW, 100)).extracting(LlmCall::serviceName).doesNotContain("secret");
        assertThat(llm.usage("a", LlmUsageRequest.of(WINDOW).groupedBy(Field.SERVICE_NAME)).groups())
                .extracting(g -> g.key().getFirst()).doesNotContain("secret");
        assertThat(llm.costliestCalls("b", WINDOW, 100)).singleElement()
                .satisfies(c -> assertThat(c.costUsd()).isEqualTo(100));
        assertUsage(llm.usageOverTime("b", LlmUsageRequest.of(WINDOW)).series().getFirst().points().getFirst(),
                1, 100_000, 100_000, 100);
    }

    @Test
    void hostileKeysAndValuesAreDataNotSql() {
        for (String hostile : List.of("x') OR 1=1 --", "'; DROP TABLE spans; --")) {
            LlmUsageReport byKey = llm.usage("a", LlmUsageRequest.of(WINDOW).groupedBy(Attribute.resource(hostile)));
            assertThat(byKey.groups()).singleElement().satisfies(g -> {
                assertThat(g.key()).containsExactly("");
                assertThat(g.usage().calls()).isEqualTo(5);
            });
            assertThat(llm.usage("a", LlmUsageRequest.of(WINDOW.withSpanName(hostile))).total()).isEqualTo(Usage.NONE);
            assertThat(llm.usage(hostile, LlmUsageRequest.of(WINDOW)).total()).isEqualTo(Usage.NONE);
            assertThat(llm.slowestCalls(hostile, WINDOW, 10)).isEmpty();
            assertThat(llm.costliestCalls("a", WINDOW.withText(hostile), 10)).isEmpty();
            assertThat(llm.usageOverTime("a", LlmUsageRequest.of(WINDOW).groupedBy(Attribute.span(hostile))).series())
                    .singleElement().satisfies(s -> assertThat(s.key()).containsExactly(""));
        }
        assertThat(clickHouse.count("SELECT count() AS c FROM spans")).isEqualTo(seeded);
    }

    @Test
    void badRequestsAreRefusedWithWhatToChange() {
        assertThatThrownBy(() -> llm.slowestCalls("a", WINDOW, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 to 100");
        assertThatThrownBy(() -> llm.costliestCalls("a", WINDOW, 101)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LlmUsageRequest.of(WINDOW).top(101)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LlmUsageRequest.of(WINDOW).groupedBy(Field.LLM_MODEL, Field.LLM_SYSTEM,
                Field.SERVICE_NAME, Field.NAME)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 3");
    }

    private static void assertUsage(Usage usage, long calls, long in, long out, double cost) {
        assertThat(usage.calls()).as("calls").isEqualTo(calls);
        assertThat(usage.inputTokens()).as("input tokens").isEqualTo(in);
        assertThat(usage.outputTokens()).as("output tokens").isEqualTo(out);
        assertThat(usage.costUsd()).as("cost").isCloseTo(cost, within(1e-9));
    }

    private static void assertCachedAndReasoning(Usage usage, long cachedInput, long cacheWrite, long reasoning) {
        assertThat(usage.cachedInputTokens()).as("cached input tokens").isEqualTo(cachedInput);
        assertThat(usage.cacheWriteTokens()).as("cache write tokens").isEqualTo(cacheWrite);
        assertThat(usage.reasoningTokens()).as("reasoning tokens").isEqualTo(reasoning);
    }

    private static long ms(long millis) {
        return Duration.ofMillis(millis).toNanos();
    }

    private static long nanos(Instant instant) {
        return Duration.between(Instant.EPOCH, instant).toNanos();
    }

    private static SpanRow call(String project, String service, String name, long offsetMillis, long durationMillis,
            String system, String model, long in, long out, double cost, String tier) {
        return call(project, service, name, offsetMillis, durationMillis,
                new SpanRow.LlmUsage(system, model, in, out, cost), tier);
    }

    private static SpanRow call(String project, String service, String name, long offsetMillis, long durationMillis,
            SpanRow.LlmUsage llm, String tier) {
        int id = ++nextId;
        return new SpanRow(project, String.format("%032x", id), String.format("%016x", id), "", "", name,
                SpanKind.CLIENT, StatusCode.OK, "", service, "", "", nanos(T0) + ms(offsetMillis), ms(durationMillis),
                Map.of("service.name", service), tier == null ? Map.of() : Map.of("user.tier", tier), List.of(),
                List.of(), llm);
    }
}
