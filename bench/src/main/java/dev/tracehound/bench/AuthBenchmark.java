package dev.tracehound.bench;

import dev.tracehound.platform.ApiKeys;
import dev.tracehound.platform.Project;
import dev.tracehound.platform.ProjectDirectory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * bench/auth: what authentication and authorization cost the API per request, for each credential
 * that reaches it: a browser's session cookie (after a real login through the development OIDC
 * provider), a bearer JWT of that provider, and a project read key.
 *
 * <p>The service runs in this JVM (databases of its own, a small demo load in its project) with
 * {@link SecurityClock}'s clocks around Spring Security's filter chain. Every request is timed by
 * the server twice: the security chain's own time (the overhead), and the whole server time. The
 * same requests with security off is the whole less the chain's: the endpoint's handler, the
 * other web filters and writing the answer. No switch in the service turns security off. The
 * endpoint is {@code GET /api/v1/projects/{project}/metrics/names}, which every credential may
 * call and which runs the whole policy (the project's workspace from a 30 s cache, and for a
 * person the role, from the role cache that PostgreSQL's announcements keep true).
 *
 * <p>Run with {@code ./dev bench auth [requests] [clients]}: after a warm-up, {@code requests}
 * (default 5,000) per credential from one client, then as many from {@code clients} (default 4)
 * at once, in rounds that take turns between the credentials. Target: p99 of the security chain
 * under 1 ms. Needs {@code CLICKHOUSE_URL}, {@code DATABASE_URL} and the development provider's
 * jar, which {@code ./dev bench} provides.
 */
public final class AuthBenchmark {

    private static final int DEFAULT_REQUESTS = 5_000;
    private static final int DEFAULT_CLIENTS = 4;
    private static final int ROUNDS = 5;
    private static final double TARGET_P99_MS = 1.0;
    private static final String WORKSPACE = "bench";
    private static final String PROJECT = "shop";
    private static final String OWNER_EMAIL = "owner@demo.local";
    private static final String OWNER_PASSWORD = "owner-local-only";
    /** The provider's access tokens live 10 minutes; a batch never starts with one older than this. */
    private static final Duration RENEW_JWT_AFTER = Duration.ofMinutes(5);

    private AuthBenchmark() {}

    /** One credential's figures in one mode. */
    record Result(AuthLoad.Credential credential, SecurityClock.Batch server, AuthLoad.Seen client) {}

    public static void main(String[] args) throws Exception {
        if (args.length > 2) {
            throw new IllegalArgumentException(usage("at most two numbers"));
        }
        int requests = args.length > 0 ? number(args[0]) : DEFAULT_REQUESTS;
        int clients = args.length > 1 ? number(args[1]) : DEFAULT_CLIENTS;
        if (requests < ROUNDS * clients || clients < 1) {
            throw new IllegalArgumentException(usage("requests at least " + ROUNDS + " x clients, clients at least 1"));
        }
        System.out.printf(Locale.ROOT, "bench/auth: %,d requests per credential from 1 client, then from %d clients; "
                + "%d cores, load average %s%n", requests, clients, Runtime.getRuntime().availableProcessors(),
                Machine.loadAverage());

        var closer = new Closer();
        boolean failed = closer.closingAfter(() -> run(closer, requests, clients));
        System.out.printf("%nload average now %s%n", Machine.loadAverage());
        if (failed) {
            System.exit(1);
        }
    }

    private static boolean run(Closer closer, int requests, int clients) throws Exception {
        int servicePort = freePort();
        URI service = URI.create("http://localhost:" + servicePort);
        var provider = closer.add(DevProvider.start(freePort(), OidcLogins.callbackOf(service)))
                .awaitReady(Duration.ofSeconds(90));
        System.out.printf("the development OIDC provider is up at %s; starting the service in this JVM on %s ...%n",
                provider.issuer(), service);
        var running = ServiceInJvm.start(closer, servicePort, serviceProperties(provider.issuer()));

        var logins = new OidcLogins(service, provider.issuer(), OWNER_EMAIL, OWNER_PASSWORD);
        // The first person to sign in owns the default workspace, which holds the demo project.
        String cookies = logins.sessionCookies();
        var jwt = new RenewedJwt(logins);
        Project project = running.bean(ProjectDirectory.class).find(WORKSPACE, PROJECT).orElseThrow();
        String readKey = running.bean(ApiKeys.class).create(project.id(), "bench/auth", ApiKeys.Scope.READ);
        List<AuthLoad.Credential> credentials = List.of(
                new AuthLoad.Credential("session cookie", "Cookie", () -> cookies),
                new AuthLoad.Credential("bearer JWT", "Authorization", () -> "Bearer " + jwt.current()),
                new AuthLoad.Credential("read key", "Authorization", () -> "Bearer " + readKey));
        URI endpoint = service.resolve("/api/v1/projects/" + project.id() + "/metrics/names");
        System.out.printf("%s signed in through the provider; endpoint GET %s, which answers %d metric names%n",
                OWNER_EMAIL, endpoint.getPath(), metricNames(endpoint, credentials));
        System.out.println("security chain: " + String.join(" > ", SecurityClock.FILTER_NAMES));

        int warmUp = Math.max(1_000, requests / 2);
        System.out.printf(Locale.ROOT, "warming up: %,d requests per credential from %d clients ...%n", warmUp, clients);
        var concurrent = new AuthLoad(endpoint, clients);
        var sequential = new AuthLoad(endpoint, 1);
        try {
            var warm = new AuthLoad.Seen();
            for (AuthLoad.Credential credential : credentials) {
                concurrent.send(credential, "warm-up", warmUp, warm);
            }
            if (!warm.errors().isEmpty()) {
                throw new IllegalStateException("the warm-up had errors, e.g. " + warm.errors().getFirst());
            }
            boolean failed = false;
            for (AuthLoad load : clients == 1 ? List.of(sequential) : List.of(sequential, concurrent)) {
                String mode = load.clients() == 1 ? "1 client" : load.clients() + " clients at once";
                System.out.printf(Locale.ROOT, "%nmeasuring: %,d requests per credential from %s, in %d rounds ...%n",
                        requests, mode, ROUNDS);
                List<Result> results = measure(load, credentials, requests, jwt);
                AuthReport.print(mode, requests, results, TARGET_P99_MS);
                failed |= results.stream().anyMatch(r -> !r.client().errors().isEmpty());
            }
            return failed;
        } finally {
            sequential.close();
            concurrent.close();
        }
    }

    /** Rounds in which each credential sends its share in turn, starting with another one each round. */
    private static List<Result> measure(AuthLoad load, List<AuthLoad.Credential> credentials, int requests,
            RenewedJwt jwt) throws Exception {
        Map<AuthLoad.Credential, Result> results = new LinkedHashMap<>();
        for (AuthLoad.Credential credential : credentials) {
            var server = new SecurityClock.Batch(requests);
            SecurityClock.BATCHES.put(batchName(credential, load), server);
            results.put(credential, new Result(credential, server, new AuthLoad.Seen()));
        }
        for (int round = 0; round < ROUNDS; round++) {
            int share = requests / ROUNDS + (round < requests % ROUNDS ? 1 : 0);
            for (int i = 0; i < credentials.size(); i++) {
                AuthLoad.Credential credential = credentials.get((round + i) % credentials.size());
                jwt.renewIfOld();
                load.send(credential, batchName(credential, load), share, results.get(credential).client());
            }
        }
        for (Result result : results.values()) {
            awaitServerRecords(result);
            SecurityClock.BATCHES.remove(batchName(result.credential(), load));
        }
        return new ArrayList<>(results.values());
    }

    private static String batchName(AuthLoad.Credential credential, AuthLoad load) {
        return credential.name() + "/" + load.clients();
    }

    /** The server records a request once its answer is written, which may be just after the client has it. */
    private static void awaitServerRecords(Result result) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (result.server().size() < result.client().ok() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        if (result.server().size() != result.client().ok()) {
            throw new IllegalStateException(result.credential().name() + ": the clients had " + result.client().ok()
                    + " answers 200, the server recorded " + result.server().size());
        }
    }

    private static Map<String, String> serviceProperties(URI issuer) {
        var properties = new LinkedHashMap<String, String>();
        properties.put("spring.security.oauth2.client.provider.dev.issuer-uri", issuer.toString());
        properties.put("spring.security.oauth2.client.registration.dev.client-id", DevProvider.CLIENT_ID);
        properties.put("spring.security.oauth2.client.registration.dev.client-secret", DevProvider.CLIENT_SECRET);
        properties.put("spring.security.oauth2.client.registration.dev.scope", "openid,profile,email");
        properties.put("tracehound.auth.jwt.issuer-uri", issuer.toString());
        properties.put("tracehound.identity.default-workspace", WORKSPACE);
        // A little data: two hours of the demo shop, so the endpoint answers with real metric names.
        properties.put("tracehound.demo.enabled", "true");
        properties.put("tracehound.demo.workspace", WORKSPACE);
        properties.put("tracehound.demo.project", PROJECT);
        properties.put("tracehound.demo.window", "2h");
        properties.put("tracehound.demo.target-spans", "20000");
        properties.put("tracehound.demo.api-key", "");
        properties.put("tracehound.demo.read-key", "");
        return properties;
    }

    /** Calls the endpoint once with each credential; all must answer 200 with the same number of metric names. */
    private static int metricNames(URI endpoint, List<AuthLoad.Credential> credentials) throws Exception {
        var answers = new LinkedHashMap<String, String>();
        try (HttpClient http = HttpClient.newHttpClient()) {
            for (AuthLoad.Credential credential : credentials) {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint)
                        .header(credential.header(), credential.value().get()).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException(credential.name() + ": GET " + endpoint.getPath() + " answered "
                            + response.statusCode() + ": " + AgentBenchmark.shorten(response.body()));
                }
                answers.put(credential.name(), response.body());
            }
        }
        var json = JsonMapper.builder().build();
        var names = new LinkedHashMap<String, Integer>();
        answers.forEach((credential, body) -> names.put(credential, json.readTree(body).path("metrics").size()));
        if (names.values().stream().distinct().count() != 1 || names.values().iterator().next() == 0) {
            throw new IllegalStateException("every credential should see the demo project's metric names, but they got "
                    + names + " (first answer: " + AgentBenchmark.shorten(answers.values().iterator().next()) + ")");
        }
        return names.values().iterator().next();
    }

    /** The owner's access token, fetched again through the provider before it gets old. */
    private static final class RenewedJwt {
        private final OidcLogins logins;
        private String token;
        private long fetchedAt;

        RenewedJwt(OidcLogins logins) throws Exception {
            this.logins = logins;
            renew();
        }

        String current() {
            return token;
        }

        void renewIfOld() throws Exception {
            if (System.nanoTime() - fetchedAt > RENEW_JWT_AFTER.toNanos()) {
                renew();
            }
        }

        private void renew() throws Exception {
            token = logins.accessToken();
            fetchedAt = System.nanoTime();
        }
    }

    private static int number(String text) {
        try {
            return Integer.parseInt(text.replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(usage("'" + text + "' is not a number"));
        }
    }

    private static String usage(String problem) {
        return problem + "; usage: ./dev bench auth [requests per credential] [clients]";
    }

    private static int freePort() throws Exception {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
