package dev.tracehound.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Sends one endpoint's GETs with one credential from a number of clients at once, each client
 * sending its next request when the last one was answered, and keeps what the clients saw: the
 * round trip of every request answered 200, and the answers that were not.
 */
final class AuthLoad {

    /** A credential as a request header; the value may change between batches (a JWT is renewed). */
    record Credential(String name, String header, Supplier<String> value) {}

    /** What the clients of one batch, or of several, saw. */
    static final class Seen {
        private long[] roundTrips = new long[0];
        private int ok;
        private final List<String> errors = new ArrayList<>();

        synchronized void add(long[] more, int count) {
            roundTrips = Arrays.copyOf(roundTrips, ok + count);
            System.arraycopy(more, 0, roundTrips, ok, count);
            ok += count;
        }

        synchronized void error(String what) {
            errors.add(what);
        }

        synchronized int ok() {
            return ok;
        }

        synchronized long[] roundTrips() {
            return roundTrips.clone();
        }

        synchronized List<String> errors() {
            return List.copyOf(errors);
        }
    }

    private final URI endpoint;
    private final List<HttpClient> clients;
    private final ExecutorService threads;

    AuthLoad(URI endpoint, int clients) {
        this.endpoint = endpoint;
        this.clients = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            // A connection each, kept alive, as separate API clients or browsers have.
            this.clients.add(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build());
        }
        this.threads = Executors.newFixedThreadPool(clients);
    }

    int clients() {
        return clients.size();
    }

    /** Sends {@code requests} GETs tagged with {@code batch} for {@link SecurityClock}, split among the clients. */
    void send(Credential credential, String batch, int requests, Seen seen) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json")
                .header(credential.header(), credential.value().get())
                .header(SecurityClock.BATCH_HEADER, batch)
                .GET().build();
        var sending = new ArrayList<Future<?>>();
        for (int c = 0; c < clients.size(); c++) {
            HttpClient client = clients.get(c);
            int share = requests / clients.size() + (c < requests % clients.size() ? 1 : 0);
            sending.add(threads.submit(() -> {
                long[] roundTrips = new long[share];
                int ok = 0;
                for (int i = 0; i < share; i++) {
                    long start = System.nanoTime();
                    try {
                        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                        long took = System.nanoTime() - start;
                        if (response.statusCode() == 200) {
                            roundTrips[ok++] = took;
                        } else {
                            seen.error(credential.name() + ": " + response.statusCode() + " "
                                    + AgentBenchmark.shorten(response.body(), 200));
                        }
                    } catch (Exception e) {
                        seen.error(credential.name() + ": " + e);
                    }
                }
                seen.add(roundTrips, ok);
                return null;
            }));
        }
        for (Future<?> future : sending) {
            future.get();
        }
    }

    void close() {
        threads.shutdownNow();
        clients.forEach(HttpClient::close);
    }
}
