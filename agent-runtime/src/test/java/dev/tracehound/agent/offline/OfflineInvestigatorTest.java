package dev.tracehound.agent.offline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracehound.agent.model.ChatTurn;
import dev.tracehound.agent.model.ModelReply;
import dev.tracehound.agent.model.ModelRequest;
import dev.tracehound.agent.model.ToolCall;
import dev.tracehound.platform.pricing.ModelPrices;
import dev.tracehound.platform.pricing.TokenCounts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The offline investigator's planning and answers on canned tool results: an hour of three
 * services in one-minute buckets, where (in the incident) payments get slow and fail from 10:40
 * when checkout 1.1 replaces 1.0, and stripe_v3 stands out in the slow spans.
 */
class OfflineInvestigatorTest {

    private static final Instant NOW = Instant.parse("2026-01-15T11:30:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Instant DATA_START = Instant.parse("2026-01-15T10:00:00Z");
    private static final int BUCKETS = 60;
    private static final int CHANGE = 40;
    private static final String SLOW_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String FAILED_TRACE = "0af7651916cd43dd8448eb211c80319c";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<ModelRequest.ToolSpec> TOOLS = List.of("trace_search", "get_trace", "aggregate",
            "bubbleup", "log_search", "llm_usage", "git", "shell").stream()
            .map(name -> new ModelRequest.ToolSpec(name, name, "{\"type\":\"object\"}")).toList();

    /**
     * Answers tool calls from a small made-up project. {@code incident} switches the step change
     * and the deploy on; {@code failing} overrides what a tool says, by tool name.
     */
    private static final class CannedTelemetry {
        final boolean incident;
        final Map<String, String> failing = new HashMap<>();
        final List<ToolCall> calls = new ArrayList<>();
        /**
         * Over less than a day, checkout's series is too thin to show its step, while frontend's shows one
         * of its own; over the whole day checkout's step shows.
         */
        boolean checkoutStepOnlyOverTheDay;

        CannedTelemetry(boolean incident) {
            this.incident = incident;
        }

        String answer(ToolCall call) {
            calls.add(call);
            if (failing.containsKey(call.name())) {
                return failing.get(call.name());
            }
            JsonNode args = JSON.readTree(call.arguments());
            return switch (call.name()) {
                case "aggregate" -> aggregate(args).toString();
                case "bubbleup" -> bubbleUp(args).toString();
                case "trace_search" -> traces().toString();
                case "log_search" -> logs(args.path("trace_id").asString()).toString();
                case "get_trace" -> trace(args.path("trace_id").asString()).toString();
                default -> "Error: unexpected tool " + call.name();
            };
        }

        private ObjectNode aggregate(JsonNode args) {
            String service = args.path("service").asString("");
            List<String> groupBy = new ArrayList<>();
            args.path("group_by").forEach(g -> groupBy.add(g.asString()));
            ObjectNode out = JSON.createObjectNode().put("unit", "ms");
            if (args.path("time_series").asBoolean(false)) {
                out.put("bucket_seconds", 60);
                ArrayNode buckets = out.putArray("buckets");
                for (int i = 0; i < BUCKETS; i++) {
                    buckets.add(DATA_START.plusSeconds(60L * i).toString());
                }
                ArrayNode series = out.putArray("series");
                if (groupBy.contains("resource:service.version")) {
                    series.add(versionSeries("1.0", true));
                    series.add(versionSeries("1.1", false));
                } else if (service.isEmpty()) {
                    series.add(series(JSON.createObjectNode(), 300, 40, 40, 0.001, 0.001));
                } else if (checkoutStepOnlyOverTheDay && !overADay(args)) {
                    boolean frontend = service.equals("frontend");
                    series.add(series(JSON.createObjectNode(), count(service) / BUCKETS, p99(service, false),
                            frontend ? 400 : p99(service, false), 0.002, 0.002));
                } else {
                    series.add(series(JSON.createObjectNode(), count(service) / BUCKETS, p99(service, false),
                            p99(service, true), 0.002, service.equals("frontend") ? 0.002 : 0.03));
                }
                return out;
            }
            ArrayNode groups = out.putArray("groups");
            if (groupBy.equals(List.of("service"))) {
                for (String s : List.of("frontend", "checkout", "payments")) {
                    groups.add(group(JSON.createObjectNode().put("service", s), count(s), p99(s, incident)));
                }
            } else if (groupBy.contains("resource:service.version")) {
                groups.add(group(JSON.createObjectNode().put("service", "frontend")
                        .put("resource:service.version", "3.2.0"), count("frontend"), 40));
                groups.add(group(JSON.createObjectNode().put("service", "checkout")
                        .put("resource:service.version", "1.0"), 2_000, 150));
                if (incident) {
                    groups.add(group(JSON.createObjectNode().put("service", "checkout")
                            .put("resource:service.version", "1.1"), 1_000, 900));
                }
                groups.add(group(JSON.createObjectNode().put("service", "payments")
                        .put("resource:service.version", "0.9"), count("payments"), 300));
            } else if (groupBy.equals(List.of("operation"))) {
                boolean after = Instant.parse(args.path("from").asString()).isAfter(DATA_START);
                groups.add(group(JSON.createObjectNode().put("operation", "Charge"), 600,
                        after && incident ? 950 : 120));
                groups.add(group(JSON.createObjectNode().put("operation", "SET"), 600, 2));
            }
            return out;
        }

        private static boolean overADay(JsonNode args) {
            return Duration.between(Instant.parse(args.path("from").asString()), Instant.parse(args.path("to")
                    .asString())).compareTo(Duration.ofHours(24)) >= 0;
        }

        private long count(String service) {
            return switch (service) {
                case "frontend" -> 12_000;
                case "checkout" -> 3_000;
                default -> 1_800;
            };
        }

        private double p99(String service, boolean after) {
            boolean stepped = incident && after && !service.equals("frontend");
            return switch (service) {
                case "frontend" -> 40;
                case "checkout" -> stepped ? 1_000 : 150;
                default -> stepped ? 950 : 120;
            };
        }

        private ObjectNode group(ObjectNode key, long count, double p99) {
            ObjectNode group = JSON.createObjectNode();
            group.set("key", key);
            return group.put("count", count).put("errors", count / 200).put("error_rate", 0.005).put("p50", p99 / 4)
                    .put("p95", p99 * 0.8).put("p99", p99);
        }

        private ObjectNode series(ObjectNode key, long perBucket, double before, double after, double errorsBefore,
                double errorsAfter) {
            ObjectNode series = JSON.createObjectNode();
            series.set("key", key);
            ArrayNode count = series.putArray("count");
            ArrayNode errors = series.putArray("errors");
            ArrayNode p50 = series.putArray("p50");
            ArrayNode p95 = series.putArray("p95");
            ArrayNode p99 = series.putArray("p99");
            for (int i = 0; i < BUCKETS; i++) {
                boolean late = i >= CHANGE;
                // A little wobble, so the series is not flat; its medians are the levels themselves.
                double wobble = i % 2 == 0 ? 1.08 : 0.92;
                double level = (late ? after : before) * wobble;
                count.add(perBucket);
                errors.add(Math.round(perBucket * (late && incident ? errorsAfter : errorsBefore) * wobble));
                p50.add(level / 4);
                p95.add(level * 0.8);
                p99.add(level);
            }
            return series;
        }

        private ObjectNode versionSeries(String version, boolean old) {
            ObjectNode series = JSON.createObjectNode();
            series.set("key", JSON.createObjectNode().put("resource:service.version", version));
            ArrayNode count = series.putArray("count");
            for (int i = 0; i < BUCKETS; i++) {
                count.add(old == (i < CHANGE) ? 50 : 0);
            }
            return series;
        }

        private ObjectNode bubbleUp(JsonNode args) {
            ObjectNode out = JSON.createObjectNode().put("selection_spans", 120).put("baseline_spans", 2_400)
                    .put("sampled", false).put("dimensions_compared", 30);
            ArrayNode dimensions = out.putArray("dimensions");
            dimensions.add(dimension("field", "span_name", 0.7, "Charge", "value", 0.9, 0.3));
            dimensions.add(dimension("span_attribute", "error.type", 0.4, "timeout", "value", 0.4, 0.0));
            dimensions.add(dimension("span_attribute", "payment.provider", 0.58, "stripe_v3", "value", 0.9, 0.32));
            dimensions.add(dimension("resource_attribute", "k8s.pod.name", 0.3, "checkout-7d9f-x2", "value", 0.4, 0.1));
            dimensions.add(dimension("span_attribute", "app.order.id", 0.2, "other", "other", 0.9, 0.9));
            ArrayNode examples = out.putArray("example_traces");
            examples.addObject().put("trace_id", SLOW_TRACE).put("root_service", "frontend")
                    .put("root_operation", "POST /checkout").put("duration_ms", 1980.5).put("error_count", 0);
            return out;
        }

        private ObjectNode dimension(String source, String key, double score, String value, String kind,
                double selectionShare, double expectedShare) {
            ObjectNode dimension = JSON.createObjectNode().put("source", source).put("key", key).put("score", score);
            dimension.putArray("values").addObject().put("value", value).put("kind", kind)
                    .put("selection_count", 108).put("baseline_count", 700).put("selection_share", selectionShare)
                    .put("baseline_share", expectedShare).put("expected_share", expectedShare).put("score", score);
            return dimension;
        }

        private ObjectNode traces() {
            ObjectNode out = JSON.createObjectNode();
            ArrayNode traces = out.putArray("traces");
            traces.addObject().put("trace_id", FAILED_TRACE).put("root_service", "frontend")
                    .put("root_operation", "POST /checkout").put("start", "2026-01-15T10:52:10Z")
                    .put("duration_ms", 2011.0).put("span_count", 14).put("error_count", 3)
                    .putArray("services").add("frontend").add("checkout").add("payments");
            out.putNull("next_cursor");
            return out;
        }

        private ObjectNode logs(String traceId) {
            ObjectNode out = JSON.createObjectNode();
            out.putArray("logs").addObject().put("time", "2026-01-15T10:52:12Z").put("severity", "ERROR")
                    .put("severity_number", 17).put("service", "payments")
                    .put("body", "payment provider stripe_v3 timed out after 2000 ms").put("trace_id", traceId)
                    .put("span_id", "00f067aa0ba902b7").putObject("attributes");
            out.putNull("next_cursor");
            return out;
        }

        private ObjectNode trace(String traceId) {
            ObjectNode out = JSON.createObjectNode().put("trace_id", traceId).put("duration_ms", 2011.0);
            ArrayNode path = out.putArray("critical_path");
            path.addObject().put("service", "frontend").put("operation", "POST /checkout").put("duration_ms", 2011.0)
                    .put("status", "error");
            path.addObject().put("service", "payments").put("operation", "POST").put("duration_ms", 2000.4)
                    .put("status", "error").put("exception", "*url.Error: context deadline exceeded");
            out.putArray("errors").addObject().put("service", "payments").put("operation", "POST")
                    .put("duration_ms", 2000.4).put("status", "error")
                    .put("exception", "*url.Error: context deadline exceeded");
            return out;
        }
    }

    private record Run(String answer, List<List<ToolCall>> steps, List<ChatTurn> turns) {}

    /** Plays the loop: each reply's calls are answered by the canned project, until an answer. */
    private static Run run(String question, BiFunction<ToolCall, Integer, String> tools) throws Exception {
        var model = new OfflineInvestigator(CLOCK);
        var turns = new ArrayList<ChatTurn>(List.of(new ChatTurn.User(question)));
        var steps = new ArrayList<List<ToolCall>>();
        for (int step = 0; step < 12; step++) {
            var deltas = new ArrayList<String>();
            ModelReply reply = model.reply(new ModelRequest(turns, TOOLS, 4096), deltas::add);
            assertThat(String.join("", deltas)).isEqualTo(reply.text());
            turns.add(new ChatTurn.Assistant(reply.text(), reply.toolCalls()));
            if (reply.toolCalls().isEmpty()) {
                return new Run(reply.text(), steps, turns);
            }
            steps.add(reply.toolCalls());
            for (ToolCall call : reply.toolCalls()) {
                turns.add(new ChatTurn.ToolResult(call.id(), call.name(), tools.apply(call, step)));
            }
        }
        throw new AssertionError("no answer after 12 steps");
    }

    private static Run run(String question, CannedTelemetry telemetry) throws Exception {
        return run(question, (call, step) -> telemetry.answer(call));
    }

    @Test
    void itStartsWithThreeAggregatesAtOnceOverTheTimeAsked() throws Exception {
        var model = new OfflineInvestigator(CLOCK);

        ModelReply reply = model.reply(new ModelRequest(List.of(new ChatTurn.System("system prompt"),
                new ChatTurn.User("Why is checkout slow since this morning?")), TOOLS, 4096), delta -> { });

        assertThat(reply.toolCalls()).extracting(ToolCall::id)
                .containsExactly("oi1.1_overview", "oi1.1_versions", "oi1.1_extent");
        assertThat(reply.toolCalls()).extracting(ToolCall::name).containsOnly("aggregate");
        // Since 06:00, and as long again before it to compare with.
        JsonNode overview = JSON.readTree(reply.toolCalls().getFirst().arguments());
        assertThat(overview.path("from").asString()).isEqualTo("2026-01-15T00:30:00Z");
        assertThat(overview.path("to").asString()).isEqualTo("2026-01-15T11:30:00Z");
        assertThat(overview.path("group_by").toString()).isEqualTo("[\"service\"]");
        assertThat(reply.usage()).isEmpty();
        assertThat(reply.text()).isNotBlank();
    }

    @Test
    void itFollowsTheChangeFromCannedResultsToAnAnswerWithEvidence() throws Exception {
        var telemetry = new CannedTelemetry(true);

        Run run = run("Why is checkout slow since this morning?", telemetry);

        assertThat(run.steps()).hasSize(5);
        assertThat(run.steps().get(1)).extracting(ToolCall::id).contains("oi1.3_series0", "oi1.3_series1",
                "oi1.3_series2", "oi1.3_deploys1");
        ToolCall slow = run.steps().get(2).stream().filter(c -> c.name().equals("bubbleup")).findFirst().orElseThrow();
        JsonNode selection = JSON.readTree(slow.arguments()).path("selection");
        assertThat(JSON.readTree(slow.arguments()).path("service").asString()).isEqualTo("checkout");
        assertThat(selection.path("from").asString()).isEqualTo("2026-01-15T10:40:00Z");
        ToolCall examples = run.steps().get(3).getFirst();
        assertThat(examples.arguments()).contains("\"key\":\"payment.provider\",\"value\":\"stripe_v3\"");
        assertThat(run.steps().get(4)).extracting(ToolCall::name).containsExactly("log_search", "log_search", "get_trace");

        assertThat(run.answer()).contains("`checkout` got slower and started failing from about 2026-01-15 10:40 UTC",
                "`checkout` **1.1** was deployed (replacing 1.0)", "`payment.provider=stripe_v3`", "150 → 1,000 ms",
                "`payments`", FAILED_TRACE, SLOW_TRACE, "payment provider stripe_v3 timed out after 2000 ms",
                "context deadline exceeded");
        // How the spans ended is no cause, nor are the names of the pods the deploy replaced.
        assertThat(run.answer()).doesNotContain("error.type", "k8s.pod.name", "app.order.id", "span_name");
    }

    @Test
    void whenAnotherServiceSteppedUpInTheTimeAskedItLooksBackForTheOneAskedAbout() throws Exception {
        // Asked in the morning about checkout: the deploy was in the night, where its few spans hide the step.
        var telemetry = new CannedTelemetry(true);
        telemetry.checkoutStepOnlyOverTheDay = true;

        Run run = run("Why is checkout slow since this morning?", telemetry);

        assertThat(run.steps().get(2)).extracting(ToolCall::id).contains("oi1.4_wseries1", "oi1.4_wdeploys1");
        assertThat(run.turns().toString()).contains("`checkout` did not step up in 2026-01-15 10:00 – 11:00 UTC; looking at the 24 hours");
        assertThat(run.answer()).contains("`checkout` got slower and started failing",
                "Within the time you asked about `checkout` did not step up: this started earlier and has lasted.",
                "`checkout` **1.1** was deployed", "`payment.provider=stripe_v3`")
                .doesNotContain("which did not change notably", "the change I found is in `frontend`");
    }

    @Test
    void withoutAChangeItFindsNoClearCause() throws Exception {
        Run run = run("Why is checkout slow since this morning?", new CannedTelemetry(false));

        assertThat(run.answer()).contains("I found no clear cause", "`checkout` looks steady")
                .doesNotContain("Likely cause", "stripe_v3");
        assertThat(run.steps()).allSatisfy(calls -> assertThat(calls).extracting(ToolCall::name).containsOnly("aggregate"));
    }

    @Test
    void aFailingToolIsNotedAndTheAnswerComesFromTheRest() throws Exception {
        var telemetry = new CannedTelemetry(true);
        telemetry.failing.put("bubbleup", "Error: the query failed in the database: Memory limit exceeded");

        Run run = run("Why is checkout slow since this morning?", telemetry);

        assertThat(run.answer()).contains("`checkout` got slower", "**1.1** was deployed",
                "BubbleUp of the slow spans could not be read (bubbleup: the query failed in the database: Memory limit"
                        + " exceeded)", FAILED_TRACE);
        // With no value to filter by, the examples are just the slow spans since the change.
        ToolCall examples = telemetry.calls.stream().filter(c -> c.name().equals("trace_search")).findFirst().orElseThrow();
        assertThat(examples.arguments()).doesNotContain("attributes").contains("\"min_duration_ms\":150.0");
    }

    @Test
    void whenTheFirstQueryFailsItSaysSoWithoutGuessing() throws Exception {
        var telemetry = new CannedTelemetry(true);
        telemetry.failing.put("aggregate", "Error: the query failed in the database: Connection refused");

        Run run = run("Why is checkout slow?", telemetry);

        assertThat(run.steps()).hasSize(1);
        assertThat(run.answer()).contains("I could not investigate", "Connection refused").doesNotContain("checkout`");
    }

    @Test
    void aResultCutToFitIsReadAsFarAsItGoes() throws Exception {
        var telemetry = new CannedTelemetry(true);

        Run run = run("Why is checkout slow since this morning?", (call, step) -> {
            String content = telemetry.answer(call);
            if (call.id().endsWith("_series1")) {
                // Cut inside the p99 array, the way the tool runner cuts: a note follows.
                int cut = content.indexOf("\"p99\"") + 40;
                return content.substring(0, cut) + "\n[cut: showing " + cut + " of " + content.length()
                        + " characters. Narrow the call to see the rest]";
            }
            return content;
        });

        assertThat(run.answer()).contains("`checkout` got slower", "p95 latency",
                "The time series of checkout came back cut to fit; I used the part that arrived");
    }

    @Test
    void aQuestionWithoutWordsIsAnsweredWithAQuestion() throws Exception {
        var model = new OfflineInvestigator(CLOCK);
        var deltas = new ArrayList<String>();

        ModelReply reply = model.reply(new ModelRequest(List.of(new ChatTurn.User("???")), TOOLS, 4096), deltas::add);

        assertThat(reply.toolCalls()).isEmpty();
        assertThat(reply.text()).contains("I could not tell what to look into", "why is checkout slow");
        assertThat(deltas).hasSizeGreaterThan(1);
        assertThat(String.join("", deltas)).isEqualTo(reply.text());
    }

    @Test
    void aQuestionItCannotPlaceInvestigatesTheWholeProjectOverTheLastDay() throws Exception {
        var model = new OfflineInvestigator(CLOCK);

        ModelReply reply = model.reply(new ModelRequest(List.of(new ChatTurn.User("hmm, thoughts?")), TOOLS, 4096),
                delta -> { });

        assertThat(reply.toolCalls()).hasSize(3);
        JsonNode overview = JSON.readTree(reply.toolCalls().getFirst().arguments());
        assertThat(overview.has("service")).isFalse();
        assertThat(overview.path("from").asString()).isEqualTo("2026-01-14T11:30:00Z");
    }

    @Test
    void theSameConversationAlwaysGivesTheSameReply() throws Exception {
        Run first = run("Why is checkout slow since this morning?", new CannedTelemetry(true));
        Run second = run("Why is checkout slow since this morning?", new CannedTelemetry(true));

        assertThat(second.answer()).isEqualTo(first.answer());
        assertThat(second.steps()).isEqualTo(first.steps());
        // And replayed from any point of the conversation, a new investigator continues the same way.
        for (int i = 1; i < first.turns().size(); i++) {
            if (first.turns().get(i) instanceof ChatTurn.Assistant expected) {
                ModelReply replayed = new OfflineInvestigator(CLOCK)
                        .reply(new ModelRequest(first.turns().subList(0, i), TOOLS, 4096), delta -> { });
                assertThat(replayed.text()).isEqualTo(expected.text());
                assertThat(replayed.toolCalls()).isEqualTo(expected.toolCalls());
            }
        }
    }

    @Test
    void onTheLastStepItAnswersWithWhatItHas() throws Exception {
        var telemetry = new CannedTelemetry(true);
        var model = new OfflineInvestigator(CLOCK);
        var turns = new ArrayList<ChatTurn>(List.of(new ChatTurn.User("Why is checkout slow since this morning?")));
        ModelReply first = model.reply(new ModelRequest(turns, TOOLS, 4096), delta -> { });
        turns.add(new ChatTurn.Assistant(first.text(), first.toolCalls()));
        first.toolCalls().forEach(call -> turns.add(new ChatTurn.ToolResult(call.id(), call.name(), telemetry.answer(call))));

        ModelReply last = model.reply(new ModelRequest(turns, List.of(), 4096), delta -> { });

        assertThat(last.toolCalls()).isEmpty();
        assertThat(last.text()).contains("I had to stop before I could compare the services over time", "| checkout |",
                "I reached the run's step limit before finishing");
    }

    @Test
    void callIdsTheLoopMadeUniqueAreStillItsOwn() throws Exception {
        var telemetry = new CannedTelemetry(true);
        var model = new OfflineInvestigator(CLOCK);
        var turns = new ArrayList<ChatTurn>(List.of(new ChatTurn.User("Why is checkout slow since this morning?")));
        ModelReply first = model.reply(new ModelRequest(turns, TOOLS, 4096), delta -> { });
        // An earlier question of the session used these ids, so the loop renamed them.
        var renamed = first.toolCalls().stream().map(c -> new ToolCall(c.id() + "-2", c.name(), c.arguments())).toList();
        turns.add(new ChatTurn.Assistant(first.text(), renamed));
        renamed.forEach(call -> turns.add(new ChatTurn.ToolResult(call.id(), call.name(), telemetry.answer(call))));

        ModelReply second = model.reply(new ModelRequest(turns, TOOLS, 4096), delta -> { });

        assertThat(second.toolCalls()).extracting(ToolCall::id).allMatch(id -> id.startsWith("oi1.3_series")
                || id.startsWith("oi1.3_deploys"));
    }

    @Test
    void aFollowUpQuestionStartsItsOwnInvestigation() throws Exception {
        Run first = run("Why is checkout slow since this morning?", new CannedTelemetry(true));
        var turns = new ArrayList<>(first.turns());
        turns.add(new ChatTurn.User("And what about the last 2 hours?"));

        ModelReply reply = new OfflineInvestigator(CLOCK).reply(new ModelRequest(turns, TOOLS, 4096), delta -> { });

        assertThat(reply.toolCalls()).extracting(ToolCall::id)
                .containsExactly("oi2.1_overview", "oi2.1_versions", "oi2.1_extent");
        assertThat(JSON.readTree(reply.toolCalls().getFirst().arguments()).path("from").asString())
                .isEqualTo("2026-01-15T07:30:00Z");
    }

    @Test
    void itIsTheOfflineInvestigatorOfThePriceTable() {
        var model = new OfflineInvestigator();

        assertThat(model.name()).isEqualTo(OfflineInvestigator.MODEL_NAME);
        assertThat(model.contextWindow()).isEqualTo(200_000);
        assertThat(ModelPrices.builtIn().priceOf(model.name())).as("the table knows it").isPresent();
        assertThat(ModelPrices.builtIn().cost(model.name(), new TokenCounts(1_000_000, 1_000_000, 500_000, 0, 500_000)))
                .hasValueSatisfying(usd -> assertThat(usd).isZero());
    }
}
