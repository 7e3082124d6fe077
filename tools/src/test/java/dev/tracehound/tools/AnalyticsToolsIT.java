package dev.tracehound.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tracehound.analytics.ClickHouse;
import dev.tracehound.analytics.ClickHouseSettings;
import dev.tracehound.analytics.LogRow;
import dev.tracehound.analytics.ReadLimits;
import dev.tracehound.analytics.SchemaMigrator;
import dev.tracehound.analytics.SpanRow;
import dev.tracehound.analytics.SpanRow.SpanKind;
import dev.tracehound.analytics.SpanRow.StatusCode;
import dev.tracehound.analytics.TelemetryWriter;
import dev.tracehound.analytics.query.TelemetryQueries;
import dev.tracehound.fixtures.ThrowawayClickHouse;
import dev.tracehound.sandbox.Sandbox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The analytics tools over the real ClickHouse, on a small dataset whose numbers are known.
 *
 * <p>Project a: ten checkout traces, trace i starting at T0 + i minutes. Each has a root span
 * frontend "GET /checkout" and a child payments "charge". Traces 3, 6 and 9 failed: charge
 * took 900 ms with payment.provider=stripe_v3 and status ERROR, the root 1000 ms and ERROR,
 * with an ERROR log "charge declined by stripe_v3". The others: charge 100 ms with stripe_v2,
 * root 120 ms, OK. Every trace has an INFO log "checkout started". Traces 1 and 2 also have an
 * LLM call (assistant "chat"): gpt-4o 100 in / 50 out / $0.01 and claude 200 / 100 / $0.02.
 * Project b, in the same minutes: one trace of service "vault" with an ERROR log and an LLM call.
 */
class AnalyticsToolsIT {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(T0.plus(Duration.ofMinutes(30)), ZoneOffset.UTC);
    private static final String WINDOW = "\"from\": \"2026-11-20T10:00:00Z\", \"to\": \"2026-11-20T10:30:00Z\"";

    private static ThrowawayClickHouse database;
    private static ClickHouse clickHouse;
    private static Tools tools;
    private static final AtomicInteger sandboxAsked = new AtomicInteger();
    private static final Supplier<Sandbox> NO_SANDBOX = () -> {
        sandboxAsked.incrementAndGet();
        throw new IllegalStateException("an analytics tool asked for the sandbox");
    };
    private static final ToolContext A = new ToolContext("a", NO_SANDBOX, GitSources.NONE);
    private static final ToolContext B = new ToolContext("b", NO_SANDBOX, GitSources.NONE);
    private static int nextSpan;

    @BeforeAll
    static void seed() {
        database = ThrowawayClickHouse.create();
        clickHouse = database.closing(ClickHouse.connect(ClickHouseSettings.of(database.url(), database.name())));
        new SchemaMigrator(clickHouse).migrate();
        var spans = new ArrayList<SpanRow>();
        var logs = new ArrayList<LogRow>();
        for (int i = 1; i <= 10; i++) {
            boolean failed = i % 3 == 0;
            String trace = traceId("a", i);
            long start = nanos(T0.plus(Duration.ofMinutes(i)));
            SpanRow root = span("a", trace, "", "frontend", "GET /checkout", start, ms(failed ? 1000 : 120),
                    failed ? StatusCode.ERROR : StatusCode.OK, Map.of("http.route", "/checkout"), SpanRow.LlmUsage.NONE);
            spans.add(root);
            spans.add(span("a", trace, root.spanId(), "payments", "charge", start + ms(10), ms(failed ? 900 : 100),
                    failed ? StatusCode.ERROR : StatusCode.OK,
                    Map.of("payment.provider", failed ? "stripe_v3" : "stripe_v2"), SpanRow.LlmUsage.NONE));
            logs.add(log("a", start + ms(1), trace, 9, "frontend", "checkout started"));
            if (failed) {
                logs.add(log("a", start + ms(900), trace, 17, "payments", "charge declined by stripe_v3"));
            }
            if (i <= 2) {
                spans.add(span("a", trace, root.spanId(), "assistant", "chat", start + ms(5), ms(50), StatusCode.OK,
                        Map.of(), i == 1 ? new SpanRow.LlmUsage("openai", "gpt-4o", 100, 50, 40, 0, 20, 0.01)
                                : new SpanRow.LlmUsage("anthropic", "claude", 200, 100, 80, 30, 0, 0.02)));
            }
        }
        String secret = traceId("b", 1);
        long start = nanos(T0.plus(Duration.ofMinutes(2)));
        spans.add(span("b", secret, "", "vault", "GET /checkout", start, ms(5000), StatusCode.ERROR,
                Map.of("payment.provider", "leak"), SpanRow.LlmUsage.NONE));
        spans.add(span("b", secret, "", "vault", "chat", start, ms(10), StatusCode.OK, Map.of(),
                new SpanRow.LlmUsage("openai", "b-model", 9999, 9999, 9000, 900, 9000, 99)));
        logs.add(log("b", start, secret, 17, "vault", "charge declined secret of b"));
        var writer = new TelemetryWriter(clickHouse);
        writer.writeSpans(spans);
        writer.writeLogs(logs);
        tools = Tools.standard(TelemetryQueries.over(clickHouse, CLOCK), Tools.Settings.defaults().withClock(CLOCK));
    }

    @AfterAll
    static void drop() {
        database.close();
        assertThat(sandboxAsked).as("analytics tools never touch the sandbox").hasValue(0);
    }

    @Test
    void everyToolHasADescriptionAndASchemaOfAnObject() {
        assertThat(tools.list()).extracting(Tool::name).containsExactly("trace_search", "get_trace", "aggregate",
                "bubbleup", "log_search", "llm_usage", "metric_query", "git", "shell");
        for (Tool tool : tools.list()) {
            JsonNode schema = Json.parse(tool.inputSchema());
            assertThat(schema.get("type").asString()).as(tool.name()).isEqualTo("object");
            assertThat(schema.get("additionalProperties").asBoolean(true)).as(tool.name()).isFalse();
            assertThat(tool.description()).as(tool.name()).hasSizeGreaterThan(200).contains("Output");
            schema.get("properties").propertyNames().forEach(name ->
                    assertThat(name).as(tool.name() + " property").matches("[a-z][a-z0-9_]*"));
        }
        assertThat(tools.find("aggregate")).isPresent();
        assertThat(tools.find("sql")).isEmpty();
    }

    @Test
    void traceSearchListsTheFailedTracesNewestFirstWithTheirNumbers() throws Exception {
        ToolResult result = run(A, "trace_search", "{" + WINDOW + ", \"status\": \"error\", \"roots_only\": true}");

        JsonNode traces = result.data().get("traces");
        assertThat(traces).hasSize(3);
        assertThat(traces.get(0).get("trace_id").asString()).isEqualTo(traceId("a", 9));
        assertThat(traces.get(2).get("trace_id").asString()).isEqualTo(traceId("a", 3));
        JsonNode first = traces.get(0);
        assertThat(first.get("root_service").asString()).isEqualTo("frontend");
        assertThat(first.get("root_operation").asString()).isEqualTo("GET /checkout");
        assertThat(first.get("duration_ms").asDouble()).isEqualTo(1000.0);
        assertThat(first.get("span_count").asLong()).isEqualTo(2);
        assertThat(first.get("error_count").asLong()).isEqualTo(2);
        assertThat(first.get("start").asString()).isEqualTo("2026-11-20T10:09:00Z");
        assertThat(result.data().get("next_cursor").isNull()).isTrue();
        assertThat(result.references()).extracting(ToolReference::id)
                .containsExactly(traceId("a", 9), traceId("a", 6), traceId("a", 3));
        assertThat(result.content()).isEqualTo(Json.compact(result.data()));
    }

    @Test
    void traceSearchPagesByCursorAndFiltersByAttributeAndDuration() throws Exception {
        ToolResult page = run(A, "trace_search", "{" + WINDOW + ", \"limit\": 4, \"sort\": \"duration\"}");
        assertThat(page.data().get("traces")).hasSize(4);
        String cursor = page.data().get("next_cursor").asString();
        ToolResult rest = run(A, "trace_search", "{" + WINDOW + ", \"limit\": 50, \"sort\": \"duration\", \"cursor\": \""
                + cursor + "\"}");
        assertThat(rest.data().get("traces")).hasSize(6);

        ToolResult slowStripe = run(A, "trace_search", "{" + WINDOW + ", \"min_duration_ms\": 500, \"attributes\":"
                + " [{\"key\": \"payment.provider\", \"value\": \"stripe_v3\"}]}");
        assertThat(slowStripe.data().get("traces")).hasSize(3);
    }

    @Test
    void relativeTimeRangesEndNow() throws Exception {
        ToolResult lastTwentyFive = run(A, "trace_search", "{\"last\": \"25m\", \"roots_only\": true}");
        ToolResult defaultHour = run(A, "trace_search", "{\"roots_only\": true}");

        // From 10:05 (exclusive of traces 1..4) to 10:30.
        assertThat(lastTwentyFive.data().get("traces")).hasSize(6);
        assertThat(defaultHour.data().get("traces")).hasSize(10);
    }

    @Test
    void getTraceSummarisesCriticalPathErrorsAndSlowestSpans() throws Exception {
        ToolResult result = run(A, "get_trace", "{\"trace_id\": \"" + traceId("a", 3).toUpperCase() + "\"}");

        JsonNode data = result.data();
        assertThat(data.get("trace_id").asString()).isEqualTo(traceId("a", 3));
        assertThat(data.get("duration_ms").asDouble()).isEqualTo(1000.0);
        assertThat(data.get("error_count").asInt()).isEqualTo(2);
        assertThat(data.get("critical_path")).extracting(n -> n.get("operation").asString())
                .containsExactly("GET /checkout", "charge");
        JsonNode charge = data.get("critical_path").get(1);
        assertThat(charge.get("attributes").get("payment.provider").asString()).isEqualTo("stripe_v3");
        assertThat(charge.get("start_offset_ms").asDouble()).isEqualTo(10.0);
        assertThat(data.get("errors")).hasSize(2);
        assertThat(data.get("slowest").get(0).get("duration_ms").asDouble()).isEqualTo(1000.0);
        assertThat(data.get("spans")).extracting(n -> n.get("depth").asInt()).containsExactly(0, 1);
        assertThat(data.get("spans_omitted").asInt()).isZero();
        assertThat(result.truncated()).isFalse();
        assertThat(result.references()).extracting(ToolReference::kind, ToolReference::id).containsExactly(
                org.assertj.core.groups.Tuple.tuple("trace", traceId("a", 3)),
                org.assertj.core.groups.Tuple.tuple("link", "/api/v1/projects/a/traces/" + traceId("a", 3)));
    }

    @Test
    void aBigTraceIsTrimmedWithANote() throws Exception {
        ToolResult result = run(A, "get_trace", "{\"trace_id\": \"" + traceId("a", 1) + "\", \"max_spans\": 1}");

        assertThat(result.truncated()).isTrue();
        assertThat(result.data().get("spans")).hasSize(1);
        assertThat(result.data().get("spans_omitted").asInt()).isEqualTo(2);
        assertThat(result.data().get("note").asString()).contains("2 spans are not listed");
    }

    @Test
    void aggregatePerServiceGivesExactCountsErrorRatesAndPercentiles() throws Exception {
        ToolResult result = run(A, "aggregate", "{" + WINDOW + ", \"group_by\": [\"service\"]}");

        JsonNode groups = result.data().get("groups");
        assertThat(result.data().get("unit").asString()).isEqualTo("ms");
        assertThat(groups).extracting(g -> g.get("key").get("service").asString())
                .containsExactly("frontend", "payments", "assistant");
        JsonNode payments = groups.get(1);
        assertThat(payments.get("count").asLong()).isEqualTo(10);
        assertThat(payments.get("errors").asLong()).isEqualTo(3);
        assertThat(payments.get("error_rate").asDouble()).isEqualTo(0.3);
        assertThat(payments.get("p50").asDouble()).isEqualTo(100.0);
        assertThat(payments.get("avg").asDouble()).isCloseTo(340.0, within(1e-6));
        assertThat(payments.get("max").asDouble()).isEqualTo(900.0);
        assertThat(result.data().has("other")).isFalse();
    }

    @Test
    void aggregateByAttributeAndAsTimeSeriesAndHeatmap() throws Exception {
        ToolResult byProvider = run(A, "aggregate", "{" + WINDOW
                + ", \"service\": \"payments\", \"group_by\": [\"payment.provider\", \"status\"]}");
        assertThat(byProvider.data().get("groups")).extracting(g -> g.get("key").toString())
                .containsExactly("{\"payment.provider\":\"stripe_v2\",\"status\":\"OK\"}",
                        "{\"payment.provider\":\"stripe_v3\",\"status\":\"ERROR\"}");

        ToolResult series = run(A, "aggregate", "{" + WINDOW + ", \"service\": \"payments\", \"time_series\": true}");
        JsonNode data = series.data();
        assertThat(data.get("bucket_seconds").asLong()).isEqualTo(10);
        long total = 0;
        long errors = 0;
        for (JsonNode c : data.get("series").get(0).get("count")) {
            total += c.asLong();
        }
        for (JsonNode e : data.get("series").get(0).get("errors")) {
            errors += e.asLong();
        }
        assertThat(total).isEqualTo(10);
        assertThat(errors).isEqualTo(3);
        assertThat(data.get("buckets")).hasSize(data.get("series").get(0).get("count").size());

        ToolResult heatmap = run(A, "aggregate", "{" + WINDOW + ", \"service\": \"payments\", \"heatmap\": true}");
        long cells = 0;
        for (JsonNode column : heatmap.data().get("counts")) {
            for (JsonNode cell : column) {
                cells += cell.asLong();
            }
        }
        assertThat(cells).isEqualTo(10);
        assertThat(heatmap.data().get("duration_bounds_ms").size())
                .isEqualTo(heatmap.data().get("counts").get(0).size() + 1);
    }

    @Test
    void bubbleupNamesTheProviderOfTheFailingChargesAndGivesExamples() throws Exception {
        ToolResult result = run(A, "bubbleup", "{" + WINDOW
                + ", \"service\": \"payments\", \"selection\": {\"status\": \"error\"}}");

        JsonNode data = result.data();
        assertThat(data.get("selection_spans").asLong()).isEqualTo(3);
        assertThat(data.get("baseline_spans").asLong()).isEqualTo(7);
        JsonNode provider = null;
        for (JsonNode dimension : data.get("dimensions")) {
            if (dimension.get("key").asString().equals("payment.provider")) {
                provider = dimension;
            }
        }
        assertThat(provider).as("payment.provider among the dimensions").isNotNull();
        assertThat(provider.get("score").asDouble()).isPositive();
        JsonNode top = provider.get("values").get(0);
        assertThat(top.get("value").asString()).isEqualTo("stripe_v3");
        assertThat(top.get("selection_count").asLong()).isEqualTo(3);
        assertThat(top.get("baseline_count").asLong()).isZero();
        assertThat(data.get("example_traces")).extracting(t -> t.get("trace_id").asString())
                .containsExactlyInAnyOrder(traceId("a", 3), traceId("a", 6), traceId("a", 9));
        assertThat(result.references()).hasSize(3);
    }

    @Test
    void logSearchFindsTheErrorLogsAndTheLogsOfATrace() throws Exception {
        ToolResult errors = run(A, "log_search", "{" + WINDOW + ", \"min_severity\": \"error\"}");
        assertThat(errors.data().get("logs")).hasSize(3);
        assertThat(errors.data().get("logs").get(0).get("body").asString()).isEqualTo("charge declined by stripe_v3");
        assertThat(errors.data().get("logs").get(0).get("trace_id").asString()).isEqualTo(traceId("a", 9));
        assertThat(errors.data().get("logs").get(0).get("severity").asString()).isEqualTo("ERROR");

        ToolResult ofTrace = run(A, "log_search", "{\"trace_id\": \"" + traceId("a", 6) + "\"}");
        assertThat(ofTrace.data().get("logs")).extracting(l -> l.get("body").asString())
                .containsExactly("charge declined by stripe_v3", "checkout started");
        assertThat(ofTrace.references()).extracting(ToolReference::id).containsExactly(traceId("a", 6));

        ToolResult words = run(A, "log_search", "{" + WINDOW + ", \"text\": \"declined\"}");
        assertThat(words.data().get("logs")).hasSize(3);
    }

    @Test
    void llmUsageSumsTokensAndCostPerModel() throws Exception {
        ToolResult result = run(A, "llm_usage", "{" + WINDOW + ", \"calls\": \"costliest\"}");

        JsonNode data = result.data();
        assertThat(data.get("total").get("calls").asLong()).isEqualTo(2);
        assertThat(data.get("total").get("input_tokens").asLong()).isEqualTo(300);
        assertThat(data.get("total").get("output_tokens").asLong()).isEqualTo(150);
        assertThat(data.get("total").get("cost_usd").asDouble()).isCloseTo(0.03, within(1e-9));
        assertThat(data.get("groups")).extracting(g -> g.get("key").get("llm_model").asString())
                .containsExactly("claude", "gpt-4o");
        assertThat(data.get("calls").get(0).get("model").asString()).isEqualTo("claude");
        assertThat(data.get("calls").get(0).get("trace_id").asString()).isEqualTo(traceId("a", 2));
    }

    @Test
    void llmUsageShowsCachedCacheWriteAndReasoningTokens() throws Exception {
        JsonNode data = run(A, "llm_usage", "{" + WINDOW + ", \"calls\": \"costliest\"}").data();

        assertThat(data.get("total").get("cached_input_tokens").asLong()).isEqualTo(120);
        assertThat(data.get("total").get("cache_write_tokens").asLong()).isEqualTo(30);
        assertThat(data.get("total").get("reasoning_tokens").asLong()).isEqualTo(20);
        JsonNode claude = data.get("groups").get(0);
        assertThat(claude.get("cached_input_tokens").asLong()).isEqualTo(80);
        assertThat(claude.get("cache_write_tokens").asLong()).isEqualTo(30);
        assertThat(claude.get("reasoning_tokens").asLong()).isZero();
        JsonNode gpt = data.get("calls").get(1);
        assertThat(gpt.get("model").asString()).isEqualTo("gpt-4o");
        assertThat(gpt.get("cached_input_tokens").asLong()).isEqualTo(40);
        assertThat(gpt.get("cache_write_tokens").asLong()).isZero();
        assertThat(gpt.get("reasoning_tokens").asLong()).isEqualTo(20);

        JsonNode series = run(A, "llm_usage", "{" + WINDOW + ", \"time_series\": true, \"group_by\": []}").data()
                .get("series").get(0);
        assertThat(sum(series.get("cached_input_tokens"))).isEqualTo(120);
        assertThat(sum(series.get("cache_write_tokens"))).isEqualTo(30);
        assertThat(sum(series.get("reasoning_tokens"))).isEqualTo(20);
    }

    private static long sum(JsonNode numbers) {
        long sum = 0;
        for (JsonNode n : numbers) {
            sum += n.asLong();
        }
        return sum;
    }

    @Test
    void projectBsDataIsNeverVisibleFromProjectA() throws Exception {
        String secret = traceId("b", 1);

        ToolResult trace = tools.run("get_trace", "{\"trace_id\": \"" + secret + "\"}", A);
        assertThat(trace.error()).isTrue();
        assertThat(trace.content()).contains("no trace " + secret + " in this project");
        assertThat(run(B, "get_trace", "{\"trace_id\": \"" + secret + "\"}").data().get("span_count").asInt())
                .isEqualTo(2);

        String everything = String.join("\n",
                run(A, "trace_search", "{" + WINDOW + ", \"limit\": 50}").content(),
                run(A, "aggregate", "{" + WINDOW + ", \"group_by\": [\"service\", \"payment.provider\"]}").content(),
                run(A, "bubbleup", "{" + WINDOW + ", \"selection\": {\"min_duration_ms\": 500}}").content(),
                run(A, "log_search", "{" + WINDOW + ", \"limit\": 100}").content(),
                run(A, "log_search", "{\"trace_id\": \"" + secret + "\"}").content(),
                run(A, "llm_usage", "{" + WINDOW + ", \"calls\": \"slowest\"}").content());
        assertThat(everything).doesNotContain("vault", "leak", "b-model", "secret", secret);
        assertThat(run(B, "aggregate", "{" + WINDOW + ", \"group_by\": [\"service\"]}").content()).contains("vault")
                .doesNotContain("frontend");

        ToolResult askingForB = tools.run("trace_search", "{" + WINDOW + ", \"project\": \"b\"}", A);
        assertThat(askingForB.error()).isTrue();
        assertThat(askingForB.content()).contains("'project' is not defined");
    }

    @Test
    void badInputComesBackAsErrorResults() throws Exception {
        ToolResult limit = tools.run("trace_search", "{\"limit\": 0}", A);
        ToolResult status = tools.run("aggregate", "{\"status\": \"broken\"}", A);
        ToolResult attribute = tools.run("trace_search", "{\"attributes\": [{\"op\": \"equals\"}]}", A);
        ToolResult wide = tools.run("aggregate", "{\"last\": \"30d\"}", A);
        ToolResult both = tools.run("aggregate", "{\"last\": \"1h\", \"from\": \"2026-11-20T10:00:00Z\"}", A);
        ToolResult instant = tools.run("aggregate", "{\"from\": \"yesterday\"}", A);
        ToolResult traceId = tools.run("get_trace", "{\"trace_id\": \"xyz\"}", A);
        ToolResult groups = tools.run("aggregate", "{\"group_by\": [\"a\", \"b\", \"c\", \"d\"]}", A);
        ToolResult selection = tools.run("bubbleup", "{\"selection\": {}}", A);

        assertThat(List.of(limit, status, attribute, wide, both, instant, traceId, groups, selection))
                .allMatch(ToolResult::error);
        assertThat(limit.content()).contains("'limit'").contains("minimum value of 1");
        assertThat(status.content()).contains("'status'").contains("error");
        assertThat(attribute.content()).contains("'attributes.0'").contains("key");
        assertThat(wide.content()).contains("at most 7 days");
        assertThat(both.content()).contains("either 'last' or 'from'/'to'");
        assertThat(instant.content()).contains("'from' must be an ISO-8601 instant");
        assertThat(traceId.content()).contains("'trace_id'");
        assertThat(groups.content()).contains("'group_by'");
        assertThat(selection.content()).contains("'selection'");
    }

    @Test
    void aQueryTooBroadForTheReadLimitsTellsTheModelHowToNarrowIt() throws Exception {
        Tools limited = Tools.standard(TelemetryQueries.over(clickHouse.limitedTo(new ReadLimits(5, 0)), CLOCK),
                Tools.Settings.defaults().withClock(CLOCK));

        ToolResult result = limited.run("aggregate", "{" + WINDOW + "}", A);

        assertThat(result.error()).isTrue();
        assertThat(result.content()).contains("too broad").contains("more than 5 rows").contains("Narrow the time range");
    }

    @Test
    void aResultOverTheContentCapIsCutWithANote() throws Exception {
        Tools small = Tools.standard(TelemetryQueries.over(clickHouse, CLOCK), Tools.Settings.defaults().withClock(CLOCK)
                .withContentLimit(600));

        ToolResult result = small.run("trace_search", "{" + WINDOW + ", \"limit\": 50}", A);

        assertThat(result.error()).isFalse();
        assertThat(result.truncated()).isTrue();
        assertThat(result.content()).hasSizeLessThanOrEqualTo(600).contains("[cut: showing").contains("Narrow the call");
        assertThat(result.data().get("traces")).as("the structured data is whole").hasSize(10);
    }

    private static ToolResult run(ToolContext context, String tool, String arguments) throws InterruptedException {
        ToolResult result = tools.run(tool, arguments, context);
        assertThat(result.error()).as("%s %s: %s", tool, arguments, result.content()).isFalse();
        return result;
    }

    private static String traceId(String project, int i) {
        return String.format("%s%031x", project.equals("a") ? "a" : "b", i);
    }

    private static long nanos(Instant instant) {
        return Duration.between(Instant.EPOCH, instant).toNanos();
    }

    private static long ms(long millis) {
        return Duration.ofMillis(millis).toNanos();
    }

    private static SpanRow span(String project, String trace, String parent, String service, String name, long start,
            long duration, StatusCode status, Map<String, String> attributes, SpanRow.LlmUsage llm) {
        int id = ++nextSpan;
        return new SpanRow(project, trace, String.format("%016x", id), parent, "", name, SpanKind.SERVER, status, "",
                service, "", "", start, duration, Map.of("service.name", service), attributes, List.of(), List.of(),
                llm);
    }

    private static LogRow log(String project, long time, String trace, int severity, String service, String body) {
        return new LogRow(project, time, time, trace, "", severity, severity >= 17 ? "ERROR" : "INFO", service, body,
                Map.of("service.name", service), Map.of(), "");
    }
}
