package dev.tracehound.agent.offline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracehound.agent.model.ChatTurn;
import dev.tracehound.agent.model.ModelReply;
import dev.tracehound.agent.model.ModelRequest;
import dev.tracehound.agent.model.ToolCall;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The answers to questions that are no incident hunts, written from canned tool results (JSON as
 * the tools return it): the figure asked first, named as the data names it, with its scope.
 */
class OfflineAnswersTest {

    private static final Instant NOW = Instant.parse("2026-01-15T11:30:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String OTHER_TRACE = "0af7651916cd43dd8448eb211c80319c";
    private static final List<ModelRequest.ToolSpec> TOOLS = List.of("trace_search", "get_trace", "aggregate",
            "bubbleup", "log_search", "llm_usage").stream()
            .map(name -> new ModelRequest.ToolSpec(name, name, "{\"type\":\"object\"}")).toList();

    /** What a question's run did: its answer and every call it made. */
    private record Run(String answer, List<ToolCall> calls) {

        List<JsonNode> argumentsOf(String tool) {
            return calls.stream().filter(c -> c.name().equals(tool)).map(c -> JSON.readTree(c.arguments())).toList();
        }
    }

    /** Plays the loop, answering each call with {@code tools} (the call's name and arguments to its result). */
    private static Run run(List<String> questions, Function<ToolCall, String> tools) throws Exception {
        var model = new OfflineInvestigator(CLOCK);
        var turns = new ArrayList<ChatTurn>();
        var calls = new ArrayList<ToolCall>();
        String answer = null;
        for (String question : questions) {
            turns.add(new ChatTurn.User(question));
            calls.clear();
            answer = null;
            for (int step = 0; step < 12 && answer == null; step++) {
                ModelReply reply = model.reply(new ModelRequest(turns, TOOLS, 4096), delta -> { });
                turns.add(new ChatTurn.Assistant(reply.text(), reply.toolCalls()));
                if (reply.toolCalls().isEmpty()) {
                    answer = reply.text();
                }
                for (ToolCall call : reply.toolCalls()) {
                    calls.add(call);
                    turns.add(new ChatTurn.ToolResult(call.id(), call.name(), tools.apply(call)));
                }
            }
        }
        assertThat(answer).as("an answer within 12 steps").isNotNull();
        return new Run(answer, List.copyOf(calls));
    }

    private static Run run(String question, Function<ToolCall, String> tools) throws Exception {
        return run(List.of(question), tools);
    }

    private static JsonNode args(ToolCall call) {
        return JSON.readTree(call.arguments());
    }

    private static List<String> groupBy(ToolCall call) {
        var dimensions = new ArrayList<String>();
        args(call).path("group_by").forEach(d -> dimensions.add(d.asString()));
        return dimensions;
    }

    private static String group(String key, long count, long errors, double p50, double p95, double p99) {
        return """
                {"key":%s,"count":%d,"errors":%d,"error_rate":%.4f,"min":1.0,"avg":%.1f,"max":%.1f,\
                "p50":%.1f,"p90":%.1f,"p95":%.1f,"p99":%.1f}""".formatted(key, count, errors,
                count == 0 ? 0 : (double) errors / count, p50 * 1.2, p99 * 1.5, p50, p95 * 0.9, p95, p99);
    }

    private static String groups(String... groups) {
        return "{\"unit\":\"ms\",\"groups\":[" + String.join(",", groups) + "]}";
    }

    private static final String SERVICES = groups(
            group("{\"service\":\"frontend\"}", 40_000, 80, 20, 300, 900),
            group("{\"service\":\"payments\"}", 9_000, 200, 12, 150, 600),
            group("{\"service\":\"search-api\"}", 6_000, 6, 30, 400, 845));

    private static final String TRACES = """
            {"traces":[{"trace_id":"%s","root_service":"frontend","root_operation":"POST /refunds",\
            "start":"2026-01-15T11:10:00Z","duration_ms":2011.0,"span_count":9,"error_count":2,\
            "services":["frontend","payments"]}],"next_cursor":null}""".formatted(TRACE);

    @Test
    void llmUsageIsGivenPerModelWithTheModelAskedAboutFirst() throws Exception {
        Run run = run("how much did gpt-4o cost us this week?", call -> """
                {"total":{"calls":1500,"input_tokens":2000000,"output_tokens":300000,"cached_input_tokens":500000,\
                "cache_write_tokens":0,"reasoning_tokens":0,"cost_usd":12.5},
                "groups":[{"key":{"llm_model":"gpt-4o"},"calls":500,"input_tokens":900000,"output_tokens":150000,\
                "cached_input_tokens":500000,"cache_write_tokens":0,"reasoning_tokens":0,"cost_usd":10.25},
                {"key":{"llm_model":"gpt-4o-mini"},"calls":1000,"input_tokens":1100000,"output_tokens":150000,\
                "cached_input_tokens":0,"cache_write_tokens":0,"reasoning_tokens":0,"cost_usd":2.25}],
                "calls":[{"trace_id":"%s","span_id":"00f067aa0ba902b7","service":"assistant","operation":"chat gpt-4o",\
                "system":"openai","model":"gpt-4o","input_tokens":9000,"output_tokens":800,"cached_input_tokens":0,\
                "cache_write_tokens":0,"reasoning_tokens":0,"cost_usd":0.0305,"duration_ms":4200.0,\
                "start":"2026-01-15T09:00:00Z"}]}""".formatted(TRACE));

        assertThat(run.calls()).extracting(ToolCall::name).containsExactly("llm_usage");
        assertThat(run.argumentsOf("llm_usage").getFirst().path("group_by").toString()).isEqualTo("[\"llm_model\"]");
        // Since Monday: 2026-01-15 is a Thursday.
        assertThat(run.argumentsOf("llm_usage").getFirst().path("from").asString()).isEqualTo("2026-01-12T00:00:00Z");
        assertThat(run.answer()).startsWith("**`gpt-4o`: $10.25 over 500 calls**, 900,000 input and 150,000 output tokens")
                .contains("All models together: $12.50 over 1,500 calls", "| `gpt-4o-mini` | 1,000 | 1,100,000 | 150,000 | $2.25 |",
                        "500,000 were read from the prompt cache", "trace `" + TRACE + "` (`gpt-4o` in `assistant`")
                .doesNotContain("Likely cause");
    }

    @Test
    void withoutLlmCallsItSaysSoInsteadOfInventingUsage() throws Exception {
        Run run = run("LLM token spend by model", call -> """
                {"total":{"calls":0,"input_tokens":0,"output_tokens":0,"cached_input_tokens":0,"cache_write_tokens":0,\
                "reasoning_tokens":0,"cost_usd":0},"groups":[],"calls":[]}""");

        assertThat(run.calls()).hasSize(2);
        assertThat(run.argumentsOf("llm_usage").getLast().path("from").asString()).isEqualTo("2026-01-08T11:30:00Z");
        assertThat(run.answer()).startsWith("I found no LLM calls (spans with a gen_ai model) between 2026-01-08 11:30");
    }

    @Test
    void theRequestsOfAServiceAreItsServerSpansAndAllItsSpansAreGivenApart() throws Exception {
        Run run = run("How many requests did payments serve in the last hour?", call -> {
            List<String> by = groupBy(call);
            if (by.equals(List.of("service"))) {
                return SERVICES;
            }
            if (by.equals(List.of("kind"))) {
                return groups(group("{\"kind\":\"SERVER\"}", 3_600, 36, 20, 200, 700),
                        group("{\"kind\":\"CLIENT\"}", 5_400, 164, 8, 120, 500));
            }
            return groups(group("{}", 9_000, 200, 12, 150, 600));
        });

        JsonNode measured = run.argumentsOf("aggregate").stream()
                .filter(a -> a.path("group_by").toString().equals("[\"kind\"]")).findFirst().orElseThrow();
        assertThat(measured.path("service").asString()).isEqualTo("payments");
        assertThat(measured.path("from").asString()).isEqualTo("2026-01-15T10:30:00Z");
        assertThat(run.answer()).startsWith("**`payments`: 3,600 requests (its SERVER spans)** between 2026-01-15 10:30 – 11:30"
                + " UTC (about 1.00 a second), 36 of them failed (1.0%).")
                .contains("All 9,000 spans of `payments`");
    }

    @Test
    void theErrorRateOfAnEndpointIsOfTheOperationAsTheDataNamesIt() throws Exception {
        Run run = run("What's the error rate of POST /refunds?", call -> {
            JsonNode a = args(call);
            if (call.name().equals("trace_search")) {
                return TRACES;
            }
            if (groupBy(call).equals(List.of("service"))) {
                return SERVICES;
            }
            if (groupBy(call).equals(List.of("service", "operation", "kind"))) {
                return groups(group("{\"service\":\"frontend\",\"operation\":\"POST /refunds\",\"kind\":\"CLIENT\"}",
                                800, 20, 30, 300, 900),
                        group("{\"service\":\"payments\",\"operation\":\"POST /refunds\",\"kind\":\"SERVER\"}", 800, 20,
                                25, 250, 800),
                        group("{\"service\":\"payments\",\"operation\":\"GET /refunds/{id}\",\"kind\":\"SERVER\"}", 300,
                                0, 5, 20, 40));
            }
            if (groupBy(call).contains("http.route")) {
                return groups();
            }
            assertThat(a.path("operation").asString()).isEqualTo("POST /refunds");
            return groups(group("{}", 800, 20, 25, 250, 800));
        });

        assertThat(run.argumentsOf("aggregate").get(1).path("text").asString()).isEqualTo("/refunds");
        assertThat(run.answer()).startsWith("**Error rate of `POST /refunds` (`payments`): 2.5%** between 2026-01-14 11:30 –"
                + " 2026-01-15 11:30 UTC: 20 of 800 requests failed.").contains("trace `" + TRACE + "`");
        assertThat(run.argumentsOf("trace_search").getFirst().path("status").asString()).isEqualTo("error");
    }

    @Test
    void aServiceIsFoundByAPartOfItsName() throws Exception {
        Run run = run("p99 latency of the search service?", call -> {
            if (call.name().equals("trace_search")) {
                return TRACES;
            }
            List<String> by = groupBy(call);
            if (by.equals(List.of("service"))) {
                return SERVICES;
            }
            if (by.equals(List.of("kind"))) {
                return groups(group("{\"kind\":\"SERVER\"}", 2_000, 2, 30, 400, 845));
            }
            return groups(group("{}", 6_000, 6, 10, 300, 700));
        });

        assertThat(run.answer()).startsWith("**p99 latency of `search-api`: 845 ms** over its 2,000 requests (its SERVER"
                + " spans)").contains("p50 30 ms", "All 6,000 spans of `search-api`");
        assertThat(run.argumentsOf("trace_search").getFirst().path("min_duration_ms").asDouble()).isEqualTo(845.0);
    }

    @Test
    void anOperationTheQuestionNamesAsItsSpansDoIsMeasuredOnItsOwn() throws Exception {
        Run run = run("What's the p95 of the SELECT refund_events queries of payments between 10:05 UTC and 10:35 UTC?",
                call -> {
                    if (call.name().equals("trace_search")) {
                        return TRACES;
                    }
                    List<String> by = groupBy(call);
                    if (by.equals(List.of("service"))) {
                        return SERVICES;
                    }
                    if (by.equals(List.of("service", "operation"))) {
                        return groups(group("{\"service\":\"payments\",\"operation\":\"SELECT refund_events\"}", 700, 0,
                                        3, 40, 90),
                                group("{\"service\":\"payments\",\"operation\":\"SELECT refunds\"}", 900, 0, 2, 9, 20),
                                group("{\"service\":\"payments\",\"operation\":\"GET\"}", 900, 0, 2, 9, 20));
                    }
                    assertThat(args(call).path("operation").asString()).isEqualTo("SELECT refund_events");
                    return groups(group("{}", 700, 0, 3, 40, 90));
                });

        JsonNode first = run.argumentsOf("aggregate").getFirst();
        assertThat(first.path("from").asString()).isEqualTo("2026-01-15T10:05:00Z");
        assertThat(first.path("to").asString()).isEqualTo("2026-01-15T10:35:00Z");
        assertThat(run.answer()).startsWith("**p95 latency of `SELECT refund_events` (`payments`): 40 ms** over its 700"
                + " requests between 2026-01-15 10:05 – 10:35 UTC.");
    }

    @Test
    void anEndpointTheDataDoesNotHaveIsSaidSoWithTheServicesThereAre() throws Exception {
        Run run = run("what's the p95 of POST /invoices?", call -> groupBy(call).equals(List.of("service")) ? SERVICES
                : groups());

        assertThat(run.answer()).startsWith("I found no endpoint `POST /invoices`").contains("`frontend`, `payments`,"
                + " `search-api`");
    }

    @Test
    void theSlowestEndpointsAreTheServingOperationsRankedByP99() throws Exception {
        Run run = run("which endpoints are the slowest?", call -> {
            if (call.name().equals("trace_search")) {
                return TRACES;
            }
            if (args(call).path("roots_only").asBoolean(false)) {
                return groups(group("{\"service\":\"frontend\",\"operation\":\"GET /search\"}", 900, 0, 40, 600, 1_800),
                        group("{\"service\":\"frontend\",\"operation\":\"POST /refunds\"}", 300, 9, 30, 700, 2_400));
            }
            return groups(group("{\"service\":\"frontend\",\"operation\":\"GET /search\",\"kind\":\"SERVER\"}", 900, 0,
                            40, 600, 1_800),
                    group("{\"service\":\"payments\",\"operation\":\"INSERT refunds\",\"kind\":\"CLIENT\"}", 300, 0, 900,
                            3_000, 9_000),
                    group("{\"service\":\"payments\",\"operation\":\"POST /refunds\",\"kind\":\"SERVER\"}", 300, 9, 25,
                            650, 2_100),
                    group("{\"service\":\"payments\",\"operation\":\"GET /rare\",\"kind\":\"SERVER\"}", 2, 0, 25, 650,
                            9_999));
        });

        assertThat(run.answer()).startsWith("**The slowest endpoint is `POST /refunds` (`frontend`): p99 2,400 ms, p95 700"
                + " ms** over 300 requests").contains("| `POST /refunds` | payments | 300 |", "| `GET /search` | frontend | 900 |",
                "trace `" + TRACE + "`").doesNotContain("INSERT refunds", "GET /rare");
    }

    @Test
    void aTraceIsExplainedWhereItsTimeWentAndWhereItsFailureBegan() throws Exception {
        Run run = run("Explain this trace " + TRACE.toUpperCase(), call -> call.name().equals("get_trace") ? """
                {"trace_id":"%s","start":"2026-01-15T11:10:00Z","duration_ms":2011.0,"span_count":9,"error_count":2,
                "services":["frontend","payments"],
                "critical_path":[{"span_id":"a1","parent_span_id":"","service":"frontend","operation":"POST /refunds",
                "start_offset_ms":0,"duration_ms":2011.0,"status":"error","status_message":"502 Bad Gateway"},
                {"span_id":"b2","parent_span_id":"a1","service":"payments","operation":"POST","start_offset_ms":5,
                "duration_ms":2000.4,"status":"error","exception":"TimeoutError: upstream timed out"}],
                "errors":[{"span_id":"a1","parent_span_id":"","service":"frontend","operation":"POST /refunds",
                "start_offset_ms":0,"duration_ms":2011.0,"status":"error","status_message":"502 Bad Gateway"},
                {"span_id":"b2","parent_span_id":"a1","service":"payments","operation":"POST","start_offset_ms":5,
                "duration_ms":2000.4,"status":"error","exception":"TimeoutError: upstream timed out"}],
                "slowest":[{"span_id":"a1","parent_span_id":"","service":"frontend","operation":"POST /refunds",
                "start_offset_ms":0,"duration_ms":2011.0,"status":"error","status_message":"502 Bad Gateway"},
                {"span_id":"b2","parent_span_id":"a1","service":"payments","operation":"POST","start_offset_ms":5,
                "duration_ms":2000.4,"status":"error"}],
                "spans":[{"span_id":"a1","parent_span_id":"","service":"frontend","operation":"POST /refunds",
                "start_offset_ms":0,"duration_ms":2011.0,"status":"error","depth":0}],"spans_omitted":8}""".formatted(TRACE)
                : """
                {"logs":[{"time":"2026-01-15T11:10:02Z","severity":"INFO","severity_number":9,"service":"frontend",
                "body":"POST /refunds 502 2011 ms","trace_id":"%s","span_id":"a1","attributes":{}},
                {"time":"2026-01-15T11:10:02Z","severity":"ERROR","severity_number":17,"service":"payments",
                "body":"refund provider timed out after 2000 ms","trace_id":"%s","span_id":"b2","attributes":{}}],
                "next_cursor":null}""".formatted(TRACE, TRACE));

        assertThat(run.argumentsOf("get_trace").getFirst().path("trace_id").asString()).isEqualTo(TRACE);
        assertThat(run.answer()).startsWith("**Trace `" + TRACE + "`: `frontend` `POST /refunds`, 2,011 ms, 9 spans in 2"
                        + " services, 2 failed.**")
                .contains("**Where the time went:** `payments` POST 2,000 ms, 99% of the request, and it failed.",
                        "The failure begins at `payments` POST 2,000 ms.", "TimeoutError: upstream timed out",
                        "- ERROR `payments`: \"refund provider timed out after 2000 ms\"");
        assertThat(run.answer().indexOf("ERROR `payments`")).isLessThan(run.answer().indexOf("INFO `frontend`"));
    }

    @Test
    void aTraceTheProjectDoesNotHaveIsSaidSo() throws Exception {
        Run run = run("what happened in " + OTHER_TRACE + "?", call -> call.name().equals("get_trace")
                ? "Error: no trace " + OTHER_TRACE + " in this project: check the id" : "{\"logs\":[],\"next_cursor\":null}");

        assertThat(run.answer()).startsWith("I could not open trace `" + OTHER_TRACE + "`").contains("no trace "
                + OTHER_TRACE + " in this project");
    }

    @Test
    void logsAreReadPageByPageAndCountedByServiceAndSeverity() throws Exception {
        Run run = run("any log lines containing 'connection refused' in the last hour?", call -> {
            String cursor = args(call).path("cursor").asString("");
            var logs = new ArrayList<String>();
            int count = cursor.equals("page2") ? 40 : 100;
            for (int i = 0; i < count; i++) {
                logs.add("""
                        {"time":"2026-01-15T11:%02d:00.123456789Z","severity":"%s","severity_number":17,"service":"%s",\
                        "body":"dial tcp 10.0.0.7:5432: connection refused","trace_id":"%s","span_id":"b2",\
                        "attributes":{}}""".formatted(59 - i % 60, i % 4 == 0 ? "WARN" : "ERROR",
                        i % 5 == 0 ? "frontend" : "payments", TRACE));
            }
            return "{\"logs\":[" + String.join(",", logs) + "],\"next_cursor\":" + (cursor.isEmpty() ? "\"page2\""
                    : "null") + "}";
        });

        assertThat(run.argumentsOf("log_search")).hasSize(2);
        assertThat(run.argumentsOf("log_search").getFirst().path("text").asString()).isEqualTo("connection refused");
        assertThat(run.argumentsOf("log_search").getLast().path("cursor").asString()).isEqualTo("page2");
        assertThat(run.answer()).startsWith("**140 log records mentioning \"connection refused\"** between 2026-01-15"
                + " 10:30 – 11:30 UTC").contains("By service: `payments` 112, `frontend` 28", "By severity: ERROR 105, WARN 35",
                "2026-01-15 11:58:00 ERROR `payments`: \"dial tcp 10.0.0.7:5432: connection refused\" (trace `" + TRACE);
    }

    @Test
    void twoVersionsAreComparedSideBySideOlderFirst() throws Exception {
        Run run = run("how does v2.4.0 compare to 2.3.1 for checkout?", call -> {
            if (call.name().equals("trace_search")) {
                return TRACES;
            }
            List<String> by = groupBy(call);
            if (by.equals(List.of("service", "resource:service.version"))) {
                return groups(group("{\"service\":\"checkout\",\"resource:service.version\":\"2.3.1\"}", 5_000, 10, 50,
                                120, 200),
                        group("{\"service\":\"checkout\",\"resource:service.version\":\"2.4.0\"}", 2_000, 60, 80, 900,
                                1_600),
                        group("{\"service\":\"payments\",\"resource:service.version\":\"1.0.0\"}", 3_000, 3, 10, 30, 50));
            }
            if (args(call).path("time_series").asBoolean(false)) {
                return """
                        {"unit":"ms","bucket_seconds":3600,"buckets":["2026-01-15T08:00:00Z","2026-01-15T09:00:00Z",\
                        "2026-01-15T10:00:00Z"],"series":[{"key":{"resource:service.version":"2.3.1"},"count":[10,5,0]},\
                        {"key":{"resource:service.version":"2.4.0"},"count":[0,5,10]}]}""";
            }
            if (by.equals(List.of("resource:service.version", "kind"))) {
                return groups(group("{\"resource:service.version\":\"2.4.0\",\"kind\":\"SERVER\"}", 500, 25, 90, 950,
                                1_700),
                        group("{\"resource:service.version\":\"2.3.1\",\"kind\":\"SERVER\"}", 1_250, 5, 60, 130, 210));
            }
            return groups(group("{\"resource:service.version\":\"2.3.1\"}", 5_000, 10, 50, 120, 200),
                    group("{\"resource:service.version\":\"2.4.0\"}", 2_000, 60, 80, 900, 1_600));
        });

        assertThat(run.answer()).startsWith("**`checkout` 2.4.0 is slower and fails more than 2.3.1: p95 130 → 950 ms"
                        + " (+631%), p99 210 → 1,700 ms (+710%), error rate 0.40% → 5.0%.**")
                .contains("| | 2.3.1 | 2.4.0 |", "| requests | 1,250 | 500 |", "| p99 | 210 ms | 1,700 ms |",
                        "| seen | 2026-01-15 08:00 – 2026-01-15 10:00 UTC | 2026-01-15 09:00 – 2026-01-15 11:00 UTC |",
                        "trace `" + TRACE + "`");
        JsonNode example = run.argumentsOf("trace_search").getFirst();
        assertThat(example.path("attributes").toString()).contains("\"key\":\"service.version\"", "\"value\":\"2.4.0\"",
                "\"scope\":\"resource\"");
        assertThat(example.path("status").asString()).isEqualTo("error");
    }

    /** A project where one tenant's requests fail: BubbleUp shows the key, the counts rank its values. */
    private static String tenants(ToolCall call) {
        JsonNode a = args(call);
        return switch (call.name()) {
            case "bubbleup" -> """
                    {"selection_spans":300,"baseline_spans":30000,"sampled":false,"dimensions_compared":40,
                    "dimensions":[{"source":"field","key":"service","score":0.4,"values":[{"value":"billing","kind":"value",
                    "selection_count":250,"baseline_count":900,"selection_share":0.83,"baseline_share":0.03,
                    "expected_share":0.03,"score":0.4}]},
                    {"source":"span_attribute","key":"app.workspace.slug","score":0.3,"values":[{"value":"globex",
                    "kind":"value","selection_count":240,"baseline_count":600,"selection_share":0.8,"baseline_share":0.02,
                    "expected_share":0.02,"score":0.3}]},
                    {"source":"span_attribute","key":"client.address","score":0.1,"values":[]}],
                    "example_traces":[]}""";
            case "trace_search" -> TRACES;
            default -> {
                if (groupBy(call).equals(List.of("app.workspace.slug"))) {
                    boolean failing = a.path("status").asString("").equals("error");
                    yield failing ? groups(group("{\"app.workspace.slug\":\"globex\"}", 240, 240, 30, 500, 900),
                            group("{\"app.workspace.slug\":\"\"}", 40, 40, 30, 500, 900),
                            group("{\"app.workspace.slug\":\"initech\"}", 20, 20, 30, 500, 900))
                            : groups(group("{\"app.workspace.slug\":\"initech\"}", 4_000, 20, 30, 300, 600),
                            group("{\"app.workspace.slug\":\"globex\"}", 1_200, 240, 30, 900, 1_400),
                            group("{\"app.workspace.slug\":\"tiny\"}", 3, 0, 30, 5_000, 5_000));
                }
                if (!groupBy(call).isEmpty()) {
                    yield groups();
                }
                if (a.has("attributes")) {
                    boolean globex = a.path("attributes").toString().contains("globex");
                    yield groups(group("{}", globex ? 1_200 : 4_000, globex ? 240 : 20, 20, 300, 700));
                }
                yield groups(group("{}", 30_300, 300, 20, 250, 800));
            }
        };
    }

    @Test
    void theMostAffectedTenantIsFoundUnderTheKeyTheDataUses() throws Exception {
        Run run = run("Which tenant is most affected?", OfflineAnswersTest::tenants);

        JsonNode bubble = run.argumentsOf("bubbleup").getFirst();
        assertThat(bubble.path("selection").path("status").asString()).isEqualTo("error");
        assertThat(run.answer()).startsWith("**`app.workspace.slug=globex` is the most affected: 240 failing spans, 20.0%"
                        + " of its 1,200 spans**")
                .contains("80.0% of all 300 failing spans", "| initech | 20 | 4,000 | 0.50% |", "trace `" + TRACE + "`")
                .doesNotContain("client.address");
        JsonNode example = run.argumentsOf("trace_search").getFirst();
        assertThat(example.path("attributes").toString()).contains("app.workspace.slug", "globex");
    }

    @Test
    void aTenantQuestionAboutSlownessRanksTheTenantsByTheirP95() throws Exception {
        Run run = run("which customers are hit hardest by the slowdown?", OfflineAnswersTest::tenants);

        assertThat(run.argumentsOf("bubbleup").getLast().path("selection").path("min_duration_ms").asDouble())
                .isEqualTo(250.0);
        assertThat(run.answer()).startsWith("**`app.workspace.slug=globex` sees the worst latency: p95 900 ms over its"
                + " 1,200 spans**, against p95 250 ms for all spans").doesNotContain("tiny");
    }

    @Test
    void aTenantQuestionAboutVolumeRanksTheTenantsByTheirSpans() throws Exception {
        Run run = run("which workspace sends us the most requests?", OfflineAnswersTest::tenants);

        assertThat(run.answer()).startsWith("**`app.workspace.slug=initech` sends the most: 4,000 spans, 13.2% of all"
                + " 30,300**");
    }

    @Test
    void aQuestionItCannotAnswerIsSaidSoWithWhatItCanAnswer() throws Exception {
        Run run = run("What will traffic be next Tuesday?", call -> {
            throw new AssertionError("no tool is needed to say it cannot answer: " + call);
        });

        assertThat(run.answer()).startsWith("I can't answer that without a configured model.")
                .contains("I can answer:", "the slowest endpoints", "what happened in one trace", "ANTHROPIC_API_KEY");
    }

    @Test
    void aFollowUpKeepsTheKindOfTheQuestionBefore() throws Exception {
        Run run = run(List.of("How many requests did payments serve in the last hour?", "and for search-api?"), call -> {
            List<String> by = groupBy(call);
            if (by.equals(List.of("service"))) {
                return SERVICES;
            }
            if (by.equals(List.of("kind"))) {
                return groups(group("{\"kind\":\"SERVER\"}", 1_800, 3, 20, 200, 700));
            }
            return groups(group("{}", 6_000, 6, 12, 150, 600));
        });

        assertThat(run.answer()).startsWith("**`search-api`: 1,800 requests (its SERVER spans)** between 2026-01-15 10:30");
        assertThat(run.calls()).allSatisfy(call -> assertThat(call.id()).startsWith("oi2."));
    }

    @Test
    void replayedFromAnyPointTheSameConversationGivesTheSameNextStep() throws Exception {
        var model = new OfflineInvestigator(CLOCK);
        var turns = new ArrayList<ChatTurn>(List.of(new ChatTurn.User("Which tenant is most affected?")));
        for (int step = 0; step < 12; step++) {
            ModelReply reply = model.reply(new ModelRequest(turns, TOOLS, 4096), delta -> { });
            ModelReply again = new OfflineInvestigator(CLOCK).reply(new ModelRequest(List.copyOf(turns), TOOLS, 4096),
                    delta -> { });
            assertThat(again.text()).isEqualTo(reply.text());
            assertThat(again.toolCalls()).isEqualTo(reply.toolCalls());
            turns.add(new ChatTurn.Assistant(reply.text(), reply.toolCalls()));
            if (reply.toolCalls().isEmpty()) {
                return;
            }
            reply.toolCalls().forEach(call -> turns.add(new ChatTurn.ToolResult(call.id(), call.name(), tenants(call))));
        }
        throw new AssertionError("no answer after 12 steps");
    }

    @Test
    void onTheRunsLastStepItAnswersWithWhatItHasAndSaysItStopped() throws Exception {
        var turns = new ArrayList<ChatTurn>(List.of(new ChatTurn.User("How many requests did payments serve today?")));
        ModelReply first = new OfflineInvestigator(CLOCK).reply(new ModelRequest(turns, TOOLS, 4096), delta -> { });
        turns.add(new ChatTurn.Assistant(first.text(), first.toolCalls()));
        first.toolCalls().forEach(call -> turns.add(new ChatTurn.ToolResult(call.id(), call.name(), SERVICES)));

        ModelReply last = new OfflineInvestigator(CLOCK).reply(new ModelRequest(turns, List.of(), 4096), delta -> { });

        assertThat(last.toolCalls()).isEmpty();
        assertThat(last.text()).contains("I could not measure `payments`", "I reached the run's step limit");
    }

    private static String usage(String service, String model, long calls, long in, long out, double cost) {
        return """
                {"key":{"service":"%s","llm_model":"%s"},"calls":%d,"input_tokens":%d,"output_tokens":%d,\
                "cached_input_tokens":0,"cache_write_tokens":0,"reasoning_tokens":0,"cost_usd":%.4f}"""
                .formatted(service, model, calls, in, out, cost);
    }

    @Test
    void aRiseInLlmSpendIsTracedToTheServiceAndModelItComesFrom() throws Exception {
        Run run = run("Why do support replies burn so many tokens since 11:10 UTC?", call -> {
            JsonNode a = args(call);
            if (a.path("time_series").asBoolean(false)) {
                var buckets = new ArrayList<String>();
                var cost = new ArrayList<String>();
                for (int i = 0; i < 80; i++) {
                    buckets.add("\"" + Instant.parse("2026-01-15T10:10:00Z").plusSeconds(60L * i) + "\"");
                    cost.add(i >= 60 ? "0.9" : "0.1");
                }
                return "{\"bucket_seconds\":60,\"buckets\":" + buckets + ",\"series\":[{\"key\":{\"service\":"
                        + "\"support-bot\",\"llm_model\":\"gpt-4o\"},\"calls\":[],\"cost_usd\":" + cost + "}]}";
            }
            boolean since = Instant.parse(a.path("from").asString()).equals(Instant.parse("2026-01-15T11:10:00Z"));
            if (since) {
                return "{\"total\":{},\"groups\":[" + usage("support-bot", "gpt-4o", 200, 1_800_000, 60_000, 18.0) + ","
                        + usage("search-api", "gpt-4o-mini", 100, 100_000, 10_000, 0.2) + "],\"calls\":[{\"trace_id\":\""
                        + TRACE + "\",\"service\":\"support-bot\",\"model\":\"gpt-4o\",\"input_tokens\":9000,"
                        + "\"output_tokens\":300,\"cost_usd\":0.09}]}";
            }
            return "{\"total\":{},\"groups\":[" + usage("support-bot", "gpt-4o-mini", 600, 600_000, 180_000, 6.0) + ","
                    + usage("search-api", "gpt-4o-mini", 300, 300_000, 30_000, 0.6) + "],\"calls\":[]}";
        });

        assertThat(run.calls()).extracting(ToolCall::name).containsOnly("llm_usage", "bubbleup");
        assertThat(run.argumentsOf("llm_usage").getFirst().path("from").asString()).isEqualTo("2026-01-15T10:10:00Z");
        assertThat(run.answer()).startsWith("**LLM spend went up from about 2026-01-15 11:10 UTC: $6.60 → $54.60 an hour"
                        + " (×8.3).** It comes from `support-bot` calling `gpt-4o`: $0 → $54.00 an hour; `gpt-4o` is new"
                        + " there since then, replacing `gpt-4o-mini`.")
                .contains("| support-bot | `gpt-4o` | $0 → $54.00 |", "trace `" + TRACE + "`")
                .doesNotContain("Likely cause");
    }

    @Test
    void moreTokensACallAreSaidToBeWhatCostsMore() throws Exception {
        Run run = run("our LLM bill is way up since 11:00 UTC, what happened?", call -> {
            JsonNode a = args(call);
            if (a.path("time_series").asBoolean(false)) {
                return "{\"bucket_seconds\":600,\"buckets\":[\"2026-01-15T10:00:00Z\",\"2026-01-15T11:00:00Z\"],"
                        + "\"series\":[{\"key\":{},\"cost_usd\":[1.0,3.0]}]}";
            }
            boolean since = Instant.parse(a.path("from").asString()).equals(Instant.parse("2026-01-15T11:00:00Z"));
            return "{\"total\":{},\"groups\":[" + (since
                    ? usage("assistant", "claude-haiku", 50, 250_000, 10_000, 1.5)
                    : usage("assistant", "claude-haiku", 100, 100_000, 20_000, 0.5)) + "],\"calls\":[]}";
        });

        assertThat(run.answer()).contains("It comes from `assistant` calling `claude-haiku`",
                "more input tokens a call (1,000 → 5,000)").doesNotContain("more calls");
    }
}
