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
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Incident hunts whose question names no service but a feature or a symptom, on canned tool
 * results: an hour in one-minute buckets where the frontend gets slower at 10:50 (a red herring)
 * and payments' refunds start failing at 11:10, because the refund provider it calls fails; or,
 * in the model switch, search-api gets slower at 11:00 as its LLM calls go to another model.
 */
class IncidentFromWordsTest {

    private static final Instant NOW = Instant.parse("2026-01-15T11:31:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Instant START = Instant.parse("2026-01-15T10:30:00Z");
    private static final int BUCKETS = 60;
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<ModelRequest.ToolSpec> TOOLS = List.of("trace_search", "get_trace", "aggregate",
            "bubbleup", "log_search").stream()
            .map(name -> new ModelRequest.ToolSpec(name, name, "{\"type\":\"object\"}")).toList();

    private record Run(String answer, List<ToolCall> calls) {}

    private enum Data { REFUNDS_FAIL, HEALTHY, MODEL_SWITCH, ONE_TENANT, NOISY_TENANT }

    private static Run run(String question, boolean healthy) throws Exception {
        return run(question, healthy ? Data.HEALTHY : Data.REFUNDS_FAIL);
    }

    private static Run run(String question, Data data) throws Exception {
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
                turns.add(new ChatTurn.ToolResult(call.id(), call.name(), answer(call, data)));
            }
        }
        throw new AssertionError("no answer after 12 steps");
    }

    private static String answer(ToolCall call, Data data) {
        JsonNode args = JSON.readTree(call.arguments());
        List<String> groupBy = new ArrayList<>();
        args.path("group_by").forEach(g -> groupBy.add(g.asString()));
        String service = args.path("service").asString("");
        return switch (call.name()) {
            case "trace_search" -> """
                    {"traces":[{"trace_id":"%s","root_service":"frontend","root_operation":"POST /refunds",\
                    "start":"2026-01-15T11:20:00Z","duration_ms":310.0,"span_count":6,"error_count":3,\
                    "services":["frontend","payments"]}],"next_cursor":null}""".formatted(TRACE);
            case "bubbleup" -> data == Data.NOISY_TENANT && service.isEmpty() ? """
                    {"selection_spans":3000,"baseline_spans":3000,"sampled":false,"dimensions_compared":20,
                    "dimensions":[{"source":"field","key":"span_name","score":0.4,"values":[{"value":"POST /export",
                    "kind":"value","selection_count":1400,"baseline_count":100,"selection_share":0.47,"baseline_share":0.03,
                    "expected_share":0.03,"score":0.4}]},
                    {"source":"span_attribute","key":"sender.id","score":0.3,"values":[{"value":"acme","kind":"value",
                    "selection_count":1500,"baseline_count":150,"selection_share":0.5,"baseline_share":0.05,
                    "expected_share":0.05,"score":0.3}]}],"example_traces":[]}""" : data == Data.ONE_TENANT ? """
                    {"selection_spans":300,"baseline_spans":9000,"sampled":false,"dimensions_compared":20,
                    "dimensions":[{"source":"resource_attribute","key":"cloud.region","score":0.5,"values":[{"value":
                    "eu-west-1","kind":"value","selection_count":280,"baseline_count":4000,"selection_share":0.93,
                    "baseline_share":0.45,"expected_share":0.45,"score":0.5}]},
                    {"source":"span_attribute","key":"tenant.id","score":0.3,"values":[{"value":"fabrikam","kind":"value",
                    "selection_count":200,"baseline_count":900,"selection_share":0.66,"baseline_share":0.1,
                    "expected_share":0.1,"score":0.3}]}],"example_traces":[]}""" : """
                    {"selection_spans":300,"baseline_spans":9000,"sampled":false,"dimensions_compared":20,
                    "dimensions":[{"source":"field","key":"span_name","score":0.5,"values":[{"value":"POST","kind":"value",
                    "selection_count":200,"baseline_count":900,"selection_share":0.66,"baseline_share":0.1,
                    "expected_share":0.1,"score":0.5}]}],"example_traces":[]}""";
            case "log_search" -> """
                    {"logs":[{"time":"2026-01-15T11:20:00Z","severity":"ERROR","severity_number":17,"service":"payments",
                    "body":"refund provider answered 503","trace_id":"%s","span_id":"b2","attributes":{}}],
                    "next_cursor":null}""".formatted(TRACE);
            case "get_trace" -> """
                    {"trace_id":"%s","duration_ms":310.0,"critical_path":[],"errors":[]}""".formatted(TRACE);
            default -> aggregate(args, groupBy, service, data).toString();
        };
    }

    private static ObjectNode aggregate(JsonNode args, List<String> groupBy, String service, Data data) {
        boolean healthy = data == Data.HEALTHY;
        ObjectNode out = JSON.createObjectNode().put("unit", "ms");
        if (args.path("time_series").asBoolean(false)) {
            out.put("bucket_seconds", 60);
            ArrayNode buckets = out.putArray("buckets");
            for (int i = 0; i < BUCKETS; i++) {
                buckets.add(START.plusSeconds(60L * i).toString());
            }
            ArrayNode series = out.putArray("series");
            if (data == Data.MODEL_SWITCH || data == Data.ONE_TENANT || data == Data.NOISY_TENANT) {
                boolean search = service.equals("search-api");
                series.add(series(search ? 30 : BUCKETS, search ? 900 : 100, BUCKETS, 0.002));
                return out;
            }
            boolean frontend = service.equals("frontend");
            boolean payments = service.equals("payments");
            series.add(series(healthy ? 60 : frontend ? 20 : BUCKETS, frontend ? 600 : 100,
                    healthy ? 60 : payments ? 40 : BUCKETS, payments ? 0.08 : 0.002));
            return out;
        }
        ArrayNode groups = out.putArray("groups");
        if (groupBy.equals(List.of("service"))) {
            groups.add(group(JSON.createObjectNode().put("service", "frontend"), 30_000, 60));
            groups.add(group(JSON.createObjectNode().put("service", "payments"), 9_000, 300));
            groups.add(group(JSON.createObjectNode().put("service", "search-api"), 6_000, 6));
        } else if (groupBy.equals(List.of("service", "operation"))) {
            groups.add(group(JSON.createObjectNode().put("service", "payments").put("operation", "POST /refunds"), 900, 90));
            groups.add(group(JSON.createObjectNode().put("service", "frontend").put("operation", "POST /refunds"), 900, 90));
        } else if (groupBy.equals(List.of("operation", "peer.service", "server.address"))) {
            groups.add(group(JSON.createObjectNode().put("operation", "POST").put("peer.service", "")
                    .put("server.address", "api.refundly.example"), 200, 200));
            groups.add(group(JSON.createObjectNode().put("operation", "POST /refunds").put("peer.service", "")
                    .put("server.address", ""), 100, 100));
        } else if (groupBy.equals(List.of("llm_model")) && data == Data.MODEL_SWITCH) {
            boolean since = Instant.parse(args.path("from").asString()).isAfter(START);
            groups.add(group(JSON.createObjectNode().put("llm_model", ""), 5_000, 5));
            groups.add(group(JSON.createObjectNode().put("llm_model", since ? "gpt-4o" : "gpt-4o-mini"), 900, 0));
            groups.add(group(JSON.createObjectNode().put("llm_model", since ? "gpt-4o-mini" : "claude-3-5-haiku"), 100, 0));
        } else if (groupBy.equals(List.of("operation"))) {
            groups.add(group(JSON.createObjectNode().put("operation", "POST /refunds"), 900, 90));
        }
        return out;
    }

    private static ObjectNode group(ObjectNode key, long count, long errors) {
        ObjectNode group = JSON.createObjectNode();
        group.set("key", key);
        return group.put("count", count).put("errors", errors).put("error_rate", (double) errors / count)
                .put("p50", 20).put("p95", 80).put("p99", 100);
    }

    /** 100 spans a bucket; p99 {@code p99After} from {@code slowFrom}, errors at {@code errorRate} from {@code failFrom}. */
    private static ObjectNode series(int slowFrom, double p99After, int failFrom, double errorRate) {
        ObjectNode series = JSON.createObjectNode();
        series.putObject("key");
        ArrayNode count = series.putArray("count");
        ArrayNode errors = series.putArray("errors");
        ArrayNode p50 = series.putArray("p50");
        ArrayNode p95 = series.putArray("p95");
        ArrayNode p99 = series.putArray("p99");
        for (int i = 0; i < BUCKETS; i++) {
            double wobble = i % 2 == 0 ? 1.08 : 0.92;
            double level = (i >= slowFrom ? p99After : 100) * wobble;
            count.add(100);
            errors.add(i >= failFrom ? Math.round(100 * errorRate * wobble) : i % 10 == 0 ? 1 : 0);
            p50.add(level / 4);
            p95.add(level * 0.8);
            p99.add(level);
        }
        return series;
    }

    @Test
    void aFeatureTheQuestionNamesLeadsToTheServiceOfItsTracesThatFails() throws Exception {
        Run run = run("refunds started failing", false);

        ToolCall hint = run.calls().stream().filter(c -> c.id().contains("_hinttraces0")).findFirst().orElseThrow();
        assertThat(JSON.readTree(hint.arguments()).path("text").asString()).isEqualTo("refund");
        assertThat(run.answer()).startsWith("**`payments` started failing from about 2026-01-15 11:10 UTC.**")
                .contains("\"refund\" → `POST /refunds` (`payments`)", "it is `payments` that changed")
                .doesNotContain("`frontend` got slower from");
    }

    @Test
    void aFailingDependencyTheServiceCallsIsNamedWhenNoAttributeStandsOut() throws Exception {
        Run run = run("refunds started failing", false);

        ToolCall sites = run.calls().stream().filter(c -> c.id().contains("_errsites")).findFirst().orElseThrow();
        assertThat(JSON.readTree(sites.arguments()).path("status").asString()).isEqualTo("error");
        assertThat(run.answer()).contains("Where the failing `payments` spans are: `POST` calling `api.refundly.example` 200",
                "**Likely cause**\nSomething behind `api.refundly.example`", "`payments`: latency steady (p99 100 ms); error rate 0.10% → 8.0%");
    }

    @Test
    void askedWhetherAnythingIsWrongOnSteadyDataItSaysNothingStandsOut() throws Exception {
        Run run = run("is anything wrong right now?", true);

        assertThat(run.answer()).startsWith("**Nothing stands out: the services look healthy.**")
                .contains("| payments |").doesNotContain("Likely cause", "no clear cause");
    }

    @Test
    void aSwitchOfTheModelAServiceCallsIsFoundWhereNoAttributeStandsOut() throws Exception {
        Run run = run("why is search-api slow?", Data.MODEL_SWITCH);

        assertThat(run.answer()).startsWith("**`search-api` got slower from about 2026-01-15 11:00 UTC.**")
                .contains("`gpt-4o` takes 90.0% of them (900 calls), against 0.0% before",
                        "**Likely cause**\nThe switch of `search-api`'s LLM calls to `gpt-4o`");
    }

    @Test
    void aValueTheQuestionNamesIsTheCauseItIsAbout() throws Exception {
        Run run = run("Why is search-api so slow for fabrikam?", Data.ONE_TENANT);

        assertThat(run.answer()).contains("**Likely cause**\nSomething specific to `tenant.id=fabrikam`");
        ToolCall examples = run.calls().stream().filter(c -> c.id().contains("_exslow")).findFirst().orElseThrow();
        assertThat(examples.arguments()).contains("\"key\":\"tenant.id\",\"value\":\"fabrikam\"");
    }

    @Test
    void aTenantWhoseTrafficRoseIsNamedWhenNothingSetsTheSlowSpansApart() throws Exception {
        Run run = run("why is search-api slow?", Data.NOISY_TENANT);

        ToolCall traffic = run.calls().stream().filter(c -> c.id().contains("_tenanttraffic")).findFirst().orElseThrow();
        assertThat(JSON.readTree(traffic.arguments()).path("roots_only").asBoolean()).isTrue();
        assertThat(JSON.readTree(traffic.arguments()).path("selection").path("from").asString())
                .isEqualTo("2026-01-15T11:00:00Z");
        assertThat(run.answer()).contains("**Likely cause**\nMore load from one tenant: since 2026-01-15 11:00 UTC"
                + " traffic from `sender.id=acme` rose 10.0× (50.0% of the requests since, 5.0% before)");
    }

    @Test
    void noTenantIsBlamedWhenAnAttributeSetsTheSlowSpansApart() throws Exception {
        Run run = run("Why is search-api so slow for fabrikam?", Data.ONE_TENANT);

        assertThat(run.calls()).noneMatch(c -> c.id().contains("_tenanttraffic"));
    }
}
