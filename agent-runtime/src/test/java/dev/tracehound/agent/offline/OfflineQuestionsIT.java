package dev.tracehound.agent.offline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracehound.agent.model.ChatTurn;
import dev.tracehound.agent.model.ModelReply;
import dev.tracehound.agent.model.ModelRequest;
import dev.tracehound.agent.model.ToolCall;
import dev.tracehound.analytics.ClickHouse;
import dev.tracehound.analytics.ClickHouseSettings;
import dev.tracehound.analytics.LogRow;
import dev.tracehound.analytics.SchemaMigrator;
import dev.tracehound.analytics.SpanRow;
import dev.tracehound.analytics.TelemetryWriter;
import dev.tracehound.analytics.query.TelemetryQueries;
import dev.tracehound.demo.DemoTelemetryGenerator;
import dev.tracehound.demo.Load;
import dev.tracehound.demo.Scenario;
import dev.tracehound.demo.TelemetrySink;
import dev.tracehound.fixtures.ThrowawayClickHouse;
import dev.tracehound.tools.ToolContext;
import dev.tracehound.tools.Tools;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The offline investigator's answers to questions that are no incident hunts, against the real
 * tools on the real ClickHouse: ninety minutes of demo data with the checkout deploy at 15:30 UTC,
 * and the same minutes without it. Each figure an answer gives is checked against the database.
 */
class OfflineQuestionsIT {

    private static final Instant DAY_END = Instant.parse("2025-03-10T21:30:00Z");
    private static final Instant INCIDENT = DAY_END.minus(Duration.ofHours(6));
    private static final Instant WINDOW_START = INCIDENT.minus(Duration.ofMinutes(60));
    private static final Duration WINDOW = Duration.ofMinutes(90);
    private static final Instant NOW = WINDOW_START.plus(WINDOW).plus(Duration.ofMinutes(2));
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Pattern TRACE_ID = Pattern.compile("\\b[0-9a-f]{32}\\b");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String DEPLOY_PROJECT = UUID.nameUUIDFromBytes("questions-deploy".getBytes()).toString();
    private static final String HEALTHY_PROJECT = UUID.nameUUIDFromBytes("questions-healthy".getBytes()).toString();

    private static ThrowawayClickHouse database;
    private static Tools tools;

    @BeforeAll
    static void generate() {
        database = ThrowawayClickHouse.create();
        ClickHouse clickHouse = database.closing(ClickHouse.connect(ClickHouseSettings.of(database.url(), database.name())));
        new SchemaMigrator(clickHouse).migrate();
        tools = Tools.standard(TelemetryQueries.over(clickHouse, CLOCK), Tools.Settings.defaults().withClock(CLOCK));
        var writer = new TelemetryWriter(clickHouse);
        Scenario deploy = Scenario.demo(DEPLOY_PROJECT, DAY_END);
        Scenario healthy = Scenario.demo(HEALTHY_PROJECT, DAY_END).withIncidents(List.of());
        for (Scenario scenario : List.of(deploy, healthy)) {
            write(writer, scenario.withWindow(WINDOW_START, WINDOW).withLoad(Load.peakRequestsPerSecond(1)));
        }
    }

    private static void write(TelemetryWriter writer, Scenario scenario) {
        var spans = new ArrayList<SpanRow>();
        var logs = new ArrayList<LogRow>();
        new DemoTelemetryGenerator(scenario).generate(new TelemetrySink() {
            @Override
            public void span(SpanRow span) {
                spans.add(span);
                if (spans.size() == 20_000) {
                    writer.writeSpans(spans);
                    spans.clear();
                }
            }

            @Override
            public void log(LogRow log) {
                logs.add(log);
            }
        });
        writer.writeSpans(spans);
        writer.writeLogs(logs);
    }

    @AfterAll
    static void drop() {
        if (database != null) {
            database.close();
        }
    }

    private record Answered(String text, List<List<ToolCall>> steps) {

        List<String> toolsCalled() {
            return steps.stream().flatMap(List::stream).map(ToolCall::name).distinct().toList();
        }
    }

    /** Plays the agent loop: the model's calls run at once, their results go back, until it answers. */
    private static Answered ask(String project, String question) throws Exception {
        var model = new OfflineInvestigator(CLOCK);
        var specs = tools.list().stream()
                .map(tool -> new ModelRequest.ToolSpec(tool.name(), tool.description(), tool.inputSchema())).toList();
        var turns = new ArrayList<ChatTurn>(List.of(new ChatTurn.User(question)));
        var steps = new ArrayList<List<ToolCall>>();
        var context = ToolContext.withoutSandbox(project);
        for (int step = 0; step < 12; step++) {
            ModelReply reply = model.reply(new ModelRequest(turns, specs, 4096), delta -> { });
            turns.add(new ChatTurn.Assistant(reply.text(), reply.toolCalls()));
            if (reply.toolCalls().isEmpty()) {
                System.out.printf("%n=== %s (%d steps) ===%n%s%n", question, steps.size() + 1, reply.text());
                return new Answered(reply.text(), steps);
            }
            steps.add(reply.toolCalls());
            try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
                var futures = new ArrayList<Future<ChatTurn.ToolResult>>();
                for (ToolCall call : reply.toolCalls()) {
                    futures.add(executor.submit(() -> new ChatTurn.ToolResult(call.id(), call.name(),
                            tools.run(call.name(), call.arguments(), context).content())));
                }
                for (var future : futures) {
                    turns.add(future.get());
                }
            }
        }
        throw new AssertionError("no answer after 12 steps: " + turns.getLast());
    }

    private static Set<String> traceIds(String answer) {
        var ids = new LinkedHashSet<String>();
        Matcher matcher = TRACE_ID.matcher(answer);
        while (matcher.find()) {
            ids.add(matcher.group());
        }
        return ids;
    }

    private static long count(String where) {
        return database.count("SELECT count() FROM spans WHERE " + where);
    }

    private static String ofProject(String project) {
        return "project_id = '" + project + "'";
    }

    private static String since(Instant from) {
        return " AND start_time_ns >= " + from.getEpochSecond() + "000000000 AND start_time_ns < "
                + NOW.getEpochSecond() + "000000000";
    }

    /** The number the answer gives in bold first, without its thousands separators. */
    private static long boldNumber(String answer) {
        Matcher bold = Pattern.compile("\\*\\*[^*]*?([0-9][0-9,]*)(?:\\.[0-9]+)?[^*]*\\*\\*").matcher(answer);
        assertThat(bold.find()).as("a figure in bold in: " + answer).isTrue();
        Matcher number = Pattern.compile("[0-9][0-9,]*(?:\\.[0-9]+)?").matcher(bold.group());
        long last = -1;
        while (number.find()) {
            String text = number.group().replace(",", "");
            if (!text.contains(".")) {
                last = Long.parseLong(text);
            }
        }
        return last;
    }

    @Test
    void llmTokensAndCostAreGivenPerModelAsTheDataNamesThem() throws Exception {
        Answered run = ask(DEPLOY_PROJECT, "How much LLM token spend did we have today, by model?");

        assertThat(run.toolsCalled()).containsExactly("llm_usage");
        assertThat(run.text()).contains("`gpt-4o-mini`", "`claude-3-5-haiku-latest`", "input tokens", "output tokens", "$")
                .doesNotContain("Likely cause");
        long calls = count(ofProject(DEPLOY_PROJECT) + " AND llm_model = 'gpt-4o-mini'");
        assertThat(run.text()).contains("| `gpt-4o-mini` | " + String.format(java.util.Locale.ROOT, "%,d", calls) + " |");
    }

    @Test
    void theRequestsOfAServiceAreCountedOverTheHourAsked() throws Exception {
        Answered run = ask(DEPLOY_PROJECT, "How many requests did checkout serve in the last hour?");

        long served = count(ofProject(DEPLOY_PROJECT) + " AND service_name = 'checkout' AND kind = 'SERVER'"
                + since(NOW.minus(Duration.ofHours(1))));
        assertThat(served).isPositive();
        assertThat(run.text()).startsWith("**`checkout`: " + String.format(java.util.Locale.ROOT, "%,d", served)
                + " requests");
        assertThat(run.text()).doesNotContain("Likely cause", "got slower");
    }

    @Test
    void theP99OfAnEndpointIsMeasuredOnItsSpans() throws Exception {
        Answered run = ask(DEPLOY_PROJECT, "What's the p99 latency of POST /checkout in the last hour?");

        assertThat(run.text()).startsWith("**p99 latency of `POST /checkout` (`frontend`): ").contains(" ms**");
        long requests = count(ofProject(DEPLOY_PROJECT) + " AND name = 'POST /checkout'"
                + since(NOW.minus(Duration.ofHours(1))));
        assertThat(run.text()).contains("over its " + String.format(java.util.Locale.ROOT, "%,d", requests) + " requests");
        long slow = count(ofProject(DEPLOY_PROJECT) + " AND name = 'POST /checkout' AND duration_ns >= "
                + boldNumber(run.text()) * 1_000_000L + since(NOW.minus(Duration.ofHours(1))));
        // About 1% of the requests take at least the p99.
        assertThat(slow).isBetween(Math.max(1, requests / 200), Math.max(3, requests / 40));
        assertThat(traceIds(run.text())).isNotEmpty();
    }

    @Test
    void theSlowestEndpointsAreRankedByP99() throws Exception {
        Answered run = ask(DEPLOY_PROJECT, "What are the slowest endpoints?");

        assertThat(run.text()).startsWith("**The slowest endpoint is `")
                .contains("| endpoint | service | requests | p50 | p95 | p99 | error rate |", "`POST /checkout`");
        List<String> rows = run.text().lines().filter(line -> line.startsWith("| `")).toList();
        assertThat(rows).hasSizeGreaterThanOrEqualTo(3);
        String first = rows.getFirst().split("\\|")[1].strip();
        assertThat(run.text()).startsWith("**The slowest endpoint is " + first);
        List<Double> p99s = rows.stream().map(row -> Double.parseDouble(row.split("\\|")[6].replace("ms", "")
                .replace(",", "").strip())).toList();
        assertThat(p99s).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(traceIds(run.text())).isNotEmpty();
    }

    @Test
    void aTraceIsExplainedFromItsSpansAndLogs() throws Exception {
        JsonNode found = JSON.readTree(tools.run("trace_search", "{\"service\":\"checkout\",\"status\":\"error\","
                + "\"last\":\"2h\",\"limit\":1}", ToolContext.withoutSandbox(DEPLOY_PROJECT)).content());
        String traceId = found.path("traces").path(0).path("trace_id").asString();

        Answered run = ask(DEPLOY_PROJECT, "Explain this trace " + traceId);

        assertThat(run.toolsCalled()).containsExactlyInAnyOrder("get_trace", "log_search");
        assertThat(run.text()).startsWith("**Trace `" + traceId + "`: `frontend` `POST /checkout`")
                .contains("**Where the time went:**", "**What failed:**", "`checkout`", "**Logs**");
    }

    @Test
    void logsMentioningAWordAreCountedAndShown() throws Exception {
        Answered run = ask(DEPLOY_PROJECT, "Find the logs that mention deadlock");

        long logs = database.count("SELECT count() FROM logs WHERE " + ofProject(DEPLOY_PROJECT)
                + " AND positionCaseInsensitive(body, 'deadlock') > 0");
        assertThat(logs).isPositive();
        assertThat(run.text()).startsWith("**" + String.format(java.util.Locale.ROOT, "%,d", logs)
                + " log records mentioning \"deadlock\"**").contains("By service: `inventory`", "(trace `",
                "Written in requests to `frontend` `POST ");
    }

    @Test
    void twoVersionsOfAServiceAreComparedSideBySide() throws Exception {
        Answered run = ask(DEPLOY_PROJECT, "How does 2.3.1 compare to 2.3.0 for checkout?");

        assertThat(run.text()).startsWith("**`checkout` 2.3.1 is slower").contains("| | 2.3.0 | 2.3.1 |", "| p99 |",
                "| requests |");
        long newer = count(ofProject(DEPLOY_PROJECT) + " AND service_name = 'checkout' AND kind = 'SERVER' AND"
                + " has(resource_attributes.value, '2.3.1')");
        assertThat(run.text()).contains("| requests | ").contains(" | " + String.format(java.util.Locale.ROOT, "%,d",
                newer) + " |");
    }

    @Test
    void theCustomersOfTheFailingSpansAreRankedAndATieIsCalledOne() throws Exception {
        Answered run = ask(DEPLOY_PROJECT, "Which customer is most affected by errors?");

        String perCustomer = "SELECT span_attributes.value[indexOf(span_attributes.key, 'customer.id')] AS customer,"
                + " count() AS failed FROM spans WHERE " + ofProject(DEPLOY_PROJECT) + " AND status_code = 'ERROR'"
                + " AND has(span_attributes.key, 'customer.id') GROUP BY customer";
        long most = database.count("SELECT max(failed) FROM (" + perCustomer + ")");
        long sharing = database.count("SELECT count() FROM (" + perCustomer + ") WHERE failed = " + most);
        assertThat(most).isPositive();
        // The checkout deploy fails payments whoever the customer is: no customer stands out in the demo.
        assertThat(sharing).isGreaterThan(1);
        assertThat(run.text()).startsWith("**No single `customer.id` stands out:** " + sharing + " of them have " + most
                + " failing spans each").contains("| `customer.id` | failing spans |");
    }

    @Test
    void onHealthyDataAnythingWrongRightNowIsAnsweredWithNothingStandsOut() throws Exception {
        Answered run = ask(HEALTHY_PROJECT, "Is anything wrong right now?");

        assertThat(run.text()).contains("Nothing stands out", "healthy").doesNotContain("Likely cause", "got slower");
    }

    @Test
    void aQuestionBeyondTheTelemetrySaysSoAndWhatItCanAnswer() throws Exception {
        Answered run = ask(DEPLOY_PROJECT, "What will traffic be next Tuesday?");

        assertThat(run.steps()).isEmpty();
        assertThat(run.text()).contains("can't answer that without a configured model", "I can answer:",
                "slowest endpoints", "LLM").doesNotContain("checkout` got", "Likely cause");
    }
}
