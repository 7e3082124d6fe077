package dev.tracehound.bench;

import static dev.tracehound.bench.AgentApiClient.createSession;
import static dev.tracehound.bench.AgentApiClient.send;

import dev.tracehound.fixtures.FakeOpenAiServer;
import dev.tracehound.platform.ApiKeys;
import dev.tracehound.platform.ProjectDirectory;
import dev.tracehound.bench.AgentApiClient.Streamed;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Part 2 of bench/agent: many clients of the service streaming a run's events at once, its
 * model a fake OpenAI-compatible server in this JVM.
 */
final class AgentStreamBench {

    static final int ANSWER_DELTAS = 40;
    private static final int SSE_WARM_UP_CLIENTS = 10;
    private static final Duration STREAM_DEADLINE = Duration.ofMinutes(5);
    private static final String READ_KEY = "thk_bench_agent_read_local_only_not_secret";

    private AgentStreamBench() {}

    static void run(Closer closer, int clients) throws Exception {
        String[] deltas = new String[ANSWER_DELTAS];
        for (int i = 0; i < deltas.length; i++) {
            deltas[i] = "word" + i + " ";
        }
        // In this JVM: it ends with it, so only the service and the databases need the closer.
        try (var model = FakeOpenAiServer.start().otherwise(request -> FakeOpenAiServer.Reply.text(deltas))) {
            System.out.printf("%nsse: a fake OpenAI-compatible model at %s; starting the service from its jar ...%n",
                    model.baseUrl());
            var service = closer.add(BenchService.launch("agent_sse", List.of("--tracehound.agent.provider=openai",
                    "--tracehound.agent.base-url=" + model.baseUrl(), "--tracehound.agent.api-key=x",
                    "--tracehound.agent.model=" + FakeOpenAiServer.MODEL, "--tracehound.demo.enabled=false")))
                    .awaitReady(Duration.ofMinutes(3));
            var registered = JdbcClient.create(service.postgres().connection());
            var created = new ProjectDirectory(registered).ensure("bench", "Bench", "agent", "Agent benchmark");
            new ApiKeys(registered).register(created.id(), "bench read key", READ_KEY, ApiKeys.Scope.READ);
            String project = created.id().toString();
            var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
            int warmUp = Math.min(SSE_WARM_UP_CLIENTS, clients);
            System.out.printf("sse: service at %s; warming up with %d clients ...%n", service.base(), warmUp);
            Round warm = round(http, service.base(), project, warmUp);
            if (warm.errors() > 0) {
                System.out.printf("sse: the warm-up had %d errors, e.g. %s%n", warm.errors(), warm.problems().getFirst());
            }
            System.out.printf("sse: %d clients: each creates a session, then all post a message at once and read the "
                    + "stream to done ...%n", clients);
            Round round = round(http, service.base(), project, clients);
            service.close();

            var toDone = new Timings(round.toDoneNanos());
            System.out.println();
            System.out.printf("sse: %d concurrent clients, a model streaming %d deltas at once, after %d warm-up clients%n",
                    clients, ANSWER_DELTAS, warmUp);
            System.out.println("| figure | value | target |");
            System.out.println("|---|---|---|");
            System.out.printf(Locale.ROOT, "| sessions created / streams ended with done | %d / %d | %d / %d |%n",
                    round.sessions(), round.completed(), clients, clients);
            System.out.printf(Locale.ROOT, "| events received in total (%s) | %,d | |%n", round.typesText(),
                    round.events());
            System.out.printf(Locale.ROOT, "| events/s over the wall time (%.2f s) | %,.0f | |%n", round.wallNanos() / 1e9,
                    round.events() / (round.wallNanos() / 1e9));
            System.out.printf(Locale.ROOT, "| time to done p50 / p99 / max, ms | %s | |%n", toDone.nanos().length == 0
                    ? "none" : String.format(Locale.ROOT, "%.0f / %.0f / %.0f", toDone.millis(50), toDone.millis(99),
                    toDone.millis(100)));
            System.out.printf(Locale.ROOT, "| errors (non-2xx, streams without done, error events) | %d | 0: %s |%n",
                    round.errors(), round.errors() == 0 ? "met" : "NOT met");
            round.problems().stream().limit(5).forEach(problem -> System.out.println("  e.g. " + problem));
        }
    }

    /** What a round of clients saw. */
    private record Round(int sessions, int completed, long events, Map<String, Long> types, long wallNanos,
            long[] toDoneNanos, int errors, List<String> problems) {

        String typesText() {
            var parts = new ArrayList<String>();
            types.forEach((type, count) -> parts.add(type + " " + count));
            return String.join(", ", parts);
        }
    }

    private static Round round(HttpClient http, String base, String project, int clients) throws Exception {
        var ready = new CountDownLatch(clients);
        var go = new CountDownLatch(1);
        var sessions = new AtomicInteger();
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        var futures = new ArrayList<Future<Streamed>>();
        try {
            for (int i = 0; i < clients; i++) {
                int client = i;
                futures.add(pool.submit(() -> {
                    String session;
                    try {
                        session = createSession(http, base, project, READ_KEY, "client " + client);
                        sessions.incrementAndGet();
                    } finally {
                        ready.countDown();
                    }
                    go.await();
                    return send(http, base, project, session, READ_KEY, "Client " + client + " asks: is it slow?");
                }));
            }
            if (!ready.await(2, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the clients had not created their sessions after 2 minutes");
            }
            long started = System.nanoTime();
            go.countDown();
            long deadline = started + STREAM_DEADLINE.toNanos();
            int completed = 0;
            long lastDone = started;
            var types = new LinkedHashMap<String, Long>();
            var toDone = new ArrayList<Long>();
            var problems = new ArrayList<String>();
            int errors = 0;
            for (Future<Streamed> future : futures) {
                Streamed streamed;
                try {
                    streamed = future.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    errors++;
                    problems.add("a stream did not end within " + STREAM_DEADLINE.toMinutes() + " minutes");
                    continue;
                } catch (java.util.concurrent.ExecutionException e) {
                    errors++;
                    problems.add(String.valueOf(e.getCause().getMessage()));
                    continue;
                }
                streamed.types().forEach((type, count) -> types.merge(type, count, Long::sum));
                if (streamed.toDoneNanos() >= 0) {
                    completed++;
                    toDone.add(streamed.toDoneNanos());
                    lastDone = Math.max(lastDone, started + streamed.toDoneNanos());
                }
                if (!streamed.problems().isEmpty()) {
                    errors++;
                    problems.add(streamed.problems().getFirst());
                }
            }
            long events = types.values().stream().mapToLong(Long::longValue).sum();
            return new Round(sessions.get(), completed, events, types, lastDone - started,
                    toDone.stream().mapToLong(Long::longValue).toArray(), errors, problems);
        } finally {
            // Not close(): that would wait for a stream that hangs; the service's stop ends them all.
            pool.shutdownNow();
        }
    }
}
