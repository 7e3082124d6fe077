package dev.tracehound.devstripe;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Event;
import com.stripe.net.Webhook;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook endpoint for the tests, standing in for the service's: it checks each delivery with
 * Stripe Java's {@link Webhook#constructEvent} (400 when the signature is wrong) and keeps the events.
 * {@link #failNext(int)} makes it answer 500 to the next deliveries, to see the stub try again.
 */
final class WebhookReceiver implements AutoCloseable {

    private final HttpServer server;
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final List<String> rejected = new CopyOnWriteArrayList<>();
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicInteger calls = new AtomicInteger();

    WebhookReceiver(String secret) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/webhooks/stripe", exchange -> {
            calls.incrementAndGet();
            String payload = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int status;
            if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                status = 500;
            } else {
                try {
                    events.add(Webhook.constructEvent(payload, exchange.getRequestHeaders().getFirst("Stripe-Signature"), secret));
                    status = 200;
                } catch (SignatureVerificationException | RuntimeException e) {
                    rejected.add(e.getMessage());
                    status = 400;
                }
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://localhost:" + server.getAddress().getPort() + "/webhooks/stripe";
    }

    List<Event> events() {
        return List.copyOf(events);
    }

    List<String> types() {
        return events.stream().map(Event::getType).toList();
    }

    List<String> rejected() {
        return List.copyOf(rejected);
    }

    int calls() {
        return calls.get();
    }

    void failNext(int deliveries) {
        failures.set(deliveries);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
