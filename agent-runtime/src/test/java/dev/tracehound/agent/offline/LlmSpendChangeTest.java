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

/** A rise in LLM spend explained from canned tool results: when, from which calls, and what is new in them. */
class LlmSpendChangeTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-15T11:30:00Z"), ZoneOffset.UTC);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<ModelRequest.ToolSpec> TOOLS = List.of("aggregate", "bubbleup", "llm_usage").stream()
            .map(name -> new ModelRequest.ToolSpec(name, name, "{\"type\":\"object\"}")).toList();

    private record Run(String answer, List<ToolCall> calls) {}

    private static Run run(String question, Function<ToolCall, String> tools) throws Exception {
        var model = new OfflineInvestigator(CLOCK);
        var turns = new ArrayList<ChatTurn>(List.of(new ChatTurn.User(question)));
        var calls = new ArrayList<ToolCall>();
        for (int step = 0; step < 12; step++) {
            ModelReply reply = model.reply(new ModelRequest(turns, TOOLS, 4096), delta -> { });
            turns.add(new ChatTurn.Assistant(reply.text(), reply.toolCalls()));
            if (reply.toolCalls().isEmpty()) {
                return new Run(reply.text(), calls);
            }
            for (ToolCall call : reply.toolCalls()) {
                calls.add(call);
                turns.add(new ChatTurn.ToolResult(call.id(), call.name(), tools.apply(call)));
            }
        }
        throw new AssertionError("no answer within 12 steps");
    }

    private static String usage(long calls, long in, double cost) {
        return """
                {"total":{},"groups":[{"key":{"service":"helpdesk","llm_model":"gpt-4o"},"calls":%d,"input_tokens":%d,\
                "output_tokens":1000,"cached_input_tokens":0,"cost_usd":%.4f}],"calls":[]}""".formatted(calls, in, cost);
    }

    /** Spend flat until 10:50, three times as high after; no calls before 10:10 (the data starts then). */
    private static String series() {
        var buckets = new ArrayList<String>();
        var cost = new ArrayList<String>();
        for (int i = 0; i < 90; i++) {
            buckets.add("\"" + Instant.parse("2026-01-15T10:00:00Z").plusSeconds(60L * i) + "\"");
            cost.add(i < 10 ? "0" : i < 50 ? "0.1" : "0.3");
        }
        return "{\"bucket_seconds\":60,\"buckets\":" + buckets + ",\"series\":[{\"key\":{\"service\":\"helpdesk\","
                + "\"llm_model\":\"gpt-4o\"},\"cost_usd\":" + cost + "}]}";
    }

    private static final String BUBBLE_UP = """
            {"selection_spans":400,"baseline_spans":300,"dimensions":[
             {"source":"span_attribute","key":"gen_ai.usage.input_tokens","score":0.9,"values":[
              {"value":"4000-8000","kind":"range","selection_share":0.9,"baseline_share":0.0}]},
             {"source":"resource_attribute","key":"host.name","score":0.5,"values":[
              {"value":"node-7","kind":"value","selection_share":0.8,"baseline_share":0.1}]},
             {"source":"span_attribute","key":"prompt.name","score":0.8,"values":[
              {"value":"answer-v4","kind":"value","selection_share":0.97,"baseline_share":0.0},
              {"value":"answer-v3","kind":"value","selection_share":0.03,"baseline_share":1.0}]}],
             "example_traces":[]}""";

    @Test
    void theAttributeNewInTheCallsSinceTheRiseIsNamedAsTheLikelyCause() throws Exception {
        Run run = run("Our helpdesk answers suddenly cost a lot more in tokens. What changed?", call -> {
            JsonNode a = JSON.readTree(call.arguments());
            if (call.name().equals("bubbleup")) {
                return BUBBLE_UP;
            }
            if (a.path("time_series").asBoolean(false)) {
                return series();
            }
            boolean since = Instant.parse(a.path("from").asString()).equals(Instant.parse("2026-01-15T10:50:00Z"));
            return since ? usage(400, 2_400_000, 18.0) : usage(300, 300_000, 4.0);
        });

        JsonNode bubble = run.calls().stream().filter(c -> c.name().equals("bubbleup"))
                .map(c -> JSON.readTree(c.arguments())).findFirst().orElseThrow();
        assertThat(bubble.path("service").asString()).isEqualTo("helpdesk");
        assertThat(bubble.path("selection").path("from").asString()).isEqualTo("2026-01-15T10:50:00Z");
        assertThat(bubble.path("attributes").path(0).path("key").asString()).isEqualTo("gen_ai.request.model");
        assertThat(run.answer()).contains("LLM spend went up from about 2026-01-15 10:50 UTC",
                "**Likely cause: the calls since 2026-01-15 10:50 UTC carry `prompt.name=answer-v4`**")
                .doesNotContain("host.name", "4000-8000");
    }

    @Test
    void allTheServicesSpansAreComparedWhenNoneIsMarkedAsAnLlmCall() throws Exception {
        var bubbles = new ArrayList<JsonNode>();
        Run run = run("Our helpdesk answers suddenly cost a lot more in tokens. What changed?", call -> {
            JsonNode a = JSON.readTree(call.arguments());
            if (call.name().equals("bubbleup")) {
                bubbles.add(a);
                return a.has("attributes") ? "{\"selection_spans\":0,\"baseline_spans\":0,\"dimensions\":[]}" : BUBBLE_UP;
            }
            if (a.path("time_series").asBoolean(false)) {
                return series();
            }
            boolean since = Instant.parse(a.path("from").asString()).equals(Instant.parse("2026-01-15T10:50:00Z"));
            return since ? usage(400, 2_400_000, 18.0) : usage(300, 300_000, 4.0);
        });

        assertThat(bubbles).hasSize(2);
        assertThat(bubbles.getLast().has("attributes")).isFalse();
        assertThat(run.answer()).contains("`prompt.name=answer-v4`");
    }

    @Test
    void callsThatStartLateInTheDayAreReadAgainInFinerBuckets() throws Exception {
        var series = new ArrayList<JsonNode>();
        Run run = run("Our helpdesk answers suddenly cost a lot more in tokens. What changed?", call -> {
            JsonNode a = JSON.readTree(call.arguments());
            if (call.name().equals("bubbleup")) {
                return BUBBLE_UP;
            }
            if (a.path("time_series").asBoolean(false)) {
                series.add(a);
                if (series.size() > 1) {
                    return series();
                }
                var buckets = new ArrayList<String>();
                var cost = new ArrayList<String>();
                for (int i = 0; i < 48; i++) {
                    buckets.add("\"" + Instant.parse("2026-01-14T11:30:00Z").plusSeconds(1800L * i) + "\"");
                    cost.add(i < 46 ? "0" : "3.0");
                }
                return "{\"bucket_seconds\":1800,\"buckets\":" + buckets + ",\"series\":[{\"key\":{},\"cost_usd\":"
                        + cost + "}]}";
            }
            boolean since = Instant.parse(a.path("from").asString()).equals(Instant.parse("2026-01-15T10:50:00Z"));
            return since ? usage(400, 2_400_000, 18.0) : usage(300, 300_000, 4.0);
        });

        assertThat(series).hasSize(2);
        assertThat(series.getLast().path("from").asString()).isEqualTo("2026-01-15T10:30:00Z");
        assertThat(run.answer()).contains("LLM spend went up from about 2026-01-15 10:50 UTC", "`prompt.name=answer-v4`");
    }
}
