package dev.tracehound.devstripe;

import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.node.ObjectNode;

/**
 * Stripe's events, signed as Stripe signs them and POSTed to the webhook URL one at a time, in the
 * order they happened, on one background thread; a failed or non-2xx delivery is tried again
 * after 0.25, 0.5 and 1 s, then given up (and logged).
 */
final class Webhooks implements AutoCloseable {

    /** The API version Stripe Java 33.3.0 pins ({@code com.stripe.Stripe.API_VERSION}); it reads events of this version only. */
    static final String API_VERSION = "2026-07-29.dahlia";

    private static final System.Logger LOG = System.getLogger(Webhooks.class.getName());
    private static final List<Duration> RETRY_DELAYS = List.of(Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1));

    private final String secret;
    private volatile String url;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "dev-stripe-webhooks");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Sent> events = new ArrayList<>();

    private record Sent(String id, String type, String payload, Future<StubEvent.Delivery> delivery) {}

    Webhooks(String secret, String url) {
        this.secret = secret;
        this.url = url;
    }

    void url(String url) {
        this.url = url;
    }

    /**
     * Queues {@code type} about {@code object} (a copy is taken now); {@code previousAttributes} is
     * what an update changed, or null. The answer completes once the event is delivered or given up.
     */
    synchronized Future<StubEvent.Delivery> publish(String type, ObjectNode object, ObjectNode previousAttributes) {
        ObjectNode event = StubState.newObject("evt", "event");
        event.put("api_version", API_VERSION);
        ObjectNode data = event.putObject("data");
        data.set("object", object.deepCopy());
        if (previousAttributes != null) {
            data.set("previous_attributes", previousAttributes.deepCopy());
        }
        event.put("pending_webhooks", 1);
        ObjectNode request = event.putObject("request");
        request.putNull("id");
        request.putNull("idempotency_key");
        event.put("type", type);
        String id = event.get("id").asString();
        String payload = Json.write(event);
        Future<StubEvent.Delivery> delivery = sender.submit(() -> deliver(id, type, payload));
        events.add(new Sent(id, type, payload, delivery));
        return delivery;
    }

    synchronized List<StubEvent> events() {
        return events.stream().map(sent -> new StubEvent(sent.id(), sent.type(), sent.payload(), outcome(sent.delivery()))).toList();
    }

    private static StubEvent.Delivery outcome(Future<StubEvent.Delivery> delivery) {
        if (!delivery.isDone()) {
            return null;
        }
        try {
            return delivery.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException e) {
            return new StubEvent.Delivery(false, 0, 0, String.valueOf(e.getCause()));
        }
    }

    /** Waits until every event queued so far is delivered or given up; false if {@code timeout} ran out first. */
    boolean awaitDeliveries(Duration timeout) {
        try {
            sender.submit(() -> { }).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Waits for the given deliveries (the pay flow's, before it redirects). */
    static void await(List<Future<StubEvent.Delivery>> deliveries) {
        for (Future<StubEvent.Delivery> delivery : deliveries) {
            try {
                delivery.get(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                LOG.log(Level.WARNING, "webhook delivery did not finish: " + e);
            }
        }
    }

    private StubEvent.Delivery deliver(String id, String type, String payload) throws InterruptedException {
        String target = url;
        if (target == null || target.isBlank()) {
            LOG.log(Level.INFO, "webhook " + type + " " + id + " not sent: no webhook URL is set");
            return new StubEvent.Delivery(false, 0, 0, "no webhook URL");
        }
        int status = 0;
        String failure = null;
        for (int attempt = 1; attempt <= RETRY_DELAYS.size() + 1; attempt++) {
            try {
                HttpRequest request = HttpRequest.newBuilder(URI.create(target))
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json; charset=utf-8")
                        .header("User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)")
                        .header("Stripe-Signature", signature(secret, payload, StubState.now()))
                        .POST(HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8))
                        .build();
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                status = response.statusCode();
                if (status / 100 == 2) {
                    LOG.log(Level.INFO, "webhook " + type + " " + id + " delivered to " + target + " (" + status + ")");
                    return new StubEvent.Delivery(true, attempt, status, null);
                }
                failure = "answered " + status + ": " + abbreviate(response.body());
            } catch (java.io.IOException | IllegalArgumentException e) {
                status = 0;
                failure = e.toString();
            }
            LOG.log(Level.WARNING, "webhook " + type + " " + id + " to " + target + ", attempt " + attempt + ": " + failure);
            if (attempt <= RETRY_DELAYS.size()) {
                Thread.sleep(RETRY_DELAYS.get(attempt - 1));
            }
        }
        LOG.log(Level.WARNING, "webhook " + type + " " + id + " given up after " + (RETRY_DELAYS.size() + 1) + " attempts");
        return new StubEvent.Delivery(false, RETRY_DELAYS.size() + 1, status, failure);
    }

    private static String abbreviate(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }

    /** {@code t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<payload>")>}, Stripe's {@code Stripe-Signature} header. */
    static String signature(String secret, String payload, long timestamp) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((timestamp + "." + payload).getBytes(StandardCharsets.UTF_8));
            return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    @Override
    public void close() {
        sender.shutdownNow();
    }
}
