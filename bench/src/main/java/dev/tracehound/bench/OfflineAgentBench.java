package dev.tracehound.bench;

import static dev.tracehound.bench.AgentApiClient.createSession;
import static dev.tracehound.bench.AgentApiClient.send;
import static dev.tracehound.bench.AgentBenchmark.indent;
import static dev.tracehound.bench.AgentBenchmark.shorten;

import dev.tracehound.bench.AgentApiClient.Streamed;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.json.JsonMapper;

/** Part 3 of bench/agent: the offline investigator on the demo incident, end to end, through the service. */
final class OfflineAgentBench {

    private static final String DEMO_READ_KEY = "thk_demo_read_local_only_not_secret";
    private static final String QUESTION = "Why is checkout slow since this morning?";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private OfflineAgentBench() {}

    static void run(Closer closer, int demoSpans) throws Exception {
        System.out.printf(Locale.ROOT, "%noffline: starting the service from its jar with %,d demo spans (they load "
                + "before it reports ready) ...%n", demoSpans);
        long starting = System.nanoTime();
        var service = closer.add(BenchService.launch("agent_offline", List.of("--tracehound.agent.provider=offline",
                "--tracehound.demo.enabled=true", "--tracehound.demo.target-spans=" + demoSpans,
                "--tracehound.demo.read-key=" + DEMO_READ_KEY))).awaitReady(Duration.ofMinutes(20));
        double startSeconds = (System.nanoTime() - starting) / 1e9;
        var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        var whoami = http.send(HttpRequest.newBuilder(URI.create(service.base() + "/api/v1/whoami"))
                .header("Authorization", "Bearer " + DEMO_READ_KEY).build(), HttpResponse.BodyHandlers.ofString());
        if (whoami.statusCode() != 200) {
            throw new IllegalStateException("GET /api/v1/whoami with the demo read key answered " + whoami.statusCode()
                    + ": " + shorten(whoami.body()));
        }
        String project = JSON.readTree(whoami.body()).path("projectId").asString();
        System.out.printf(Locale.ROOT, "offline: ready after %.0f s; demo project %s; asking \"%s\" ...%n", startSeconds,
                project, QUESTION);
        String session = createSession(http, service.base(), project, DEMO_READ_KEY, "bench: checkout");
        Streamed run = send(http, service.base(), project, session, DEMO_READ_KEY, QUESTION);
        var tools = new ArrayList<String>();
        var detail = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(service.base() + "/api/v1/projects/"
                        + project + "/agent/sessions/" + session)).header("Authorization", "Bearer " + DEMO_READ_KEY)
                .build(), HttpResponse.BodyHandlers.ofString()).body());
        detail.path("toolCalls").forEach(call -> tools.add(call.path("tool").asString()));
        service.close();

        String answer = run.text();
        String lower = answer.toLowerCase(Locale.ROOT);
        System.out.println();
        System.out.printf(Locale.ROOT, "offline: the built-in offline investigator on the demo incident (%,d demo spans)%n",
                demoSpans);
        System.out.println("| figure | value | expected |");
        System.out.println("|---|---|---|");
        System.out.printf(Locale.ROOT, "| wall time to done, s | %s | |%n", run.toDoneNanos() < 0 ? "no done"
                : String.format(Locale.ROOT, "%.2f", run.toDoneNanos() / 1e9));
        System.out.printf(Locale.ROOT, "| how the run ended | %s | completed |%n", run.doneReason() == null
                ? "no done event" : run.doneReason());
        System.out.printf(Locale.ROOT, "| tool calls | %d (%s) | several |%n", tools.size(),
                tools.isEmpty() ? "none" : String.join(", ", tools));
        System.out.printf(Locale.ROOT, "| events streamed | %d | |%n", run.events());
        System.out.printf(Locale.ROOT, "| the answer names checkout | %s | yes |%n", yesNo(lower.contains("checkout")));
        System.out.printf(Locale.ROOT, "| the answer names the deploy 2.3.1 | %s | yes |%n", yesNo(answer.contains("2.3.1")));
        System.out.printf(Locale.ROOT, "| the answer names payment.provider=stripe_v3 | %s | yes |%n",
                answer.contains("payment.provider=stripe_v3") ? "yes"
                        : answer.contains("stripe_v3") ? "stripe_v3, but not as payment.provider=stripe_v3" : "no");
        run.problems().forEach(problem -> System.out.println("  problem: " + problem));
        System.out.println("offline: the answer:");
        System.out.println(indent(answer.isBlank() ? "(none)" : shorten(answer, 2_000)));
    }

    private static String yesNo(boolean value) {
        return value ? "yes" : "no";
    }
}
