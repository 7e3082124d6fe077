package dev.tracehound.devstripe;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A local stand-in for the parts of Stripe Tracehound uses: the REST endpoints (form-encoded in,
 * Stripe's JSON out), a checkout page and a billing portal page, and webhooks signed as Stripe
 * signs them. Everything is in memory. For development ({@code ./dev up}) and tests, never production.
 *
 * <pre>{@code
 * try (StripeStub stripe = StripeStub.start("whsec_test", "http://localhost:8080/api/v1/billing/stripe/webhook")) {
 *     StripeClient client = StripeClient.builder().setApiKey("sk_test_x").setApiBase(stripe.apiBase()).build();
 *     ...
 *     stripe.pay(sessionId); // the events are delivered when this returns
 * }
 * }</pre>
 */
public final class StripeStub implements AutoCloseable {

    /**
     * How to start: {@code port} 0 picks a free one; {@code webhookUrl} may be null (events are kept
     * but not sent until {@link #webhookUrl(String)}); {@code secretKey} null accepts any {@code sk_test_...}.
     */
    public record Settings(int port, String webhookSecret, String webhookUrl, String secretKey) {
        public Settings {
            Objects.requireNonNull(webhookSecret, "webhookSecret");
        }
    }

    private final HttpServer server;
    private final ExecutorService threads;
    private final StubState state;
    private final Webhooks webhooks;
    private final Billing billing;
    private final ApiRouter api;

    private StripeStub(HttpServer server, ExecutorService threads, Settings settings) {
        this.server = server;
        this.threads = threads;
        this.state = new StubState("http://localhost:" + server.getAddress().getPort());
        this.webhooks = new Webhooks(settings.webhookSecret(), settings.webhookUrl());
        this.billing = new Billing(state, webhooks);
        this.api = new ApiRouter(state, billing, settings.secretKey());
    }

    /** On a free port, any test key accepted. */
    public static StripeStub start(String webhookSecret, String webhookUrl) {
        return start(new Settings(0, webhookSecret, webhookUrl, null));
    }

    public static StripeStub start(Settings settings) {
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), settings.port()), 64);
            StripeStub stub = new StripeStub(server, threads, settings);
            server.createContext("/", new StubHttp(stub, stub.state, stub.api, stub.webhooks));
            server.setExecutor(threads);
            server.start();
            return stub;
        } catch (IOException e) {
            threads.close();
            throw new UncheckedIOException("the Stripe stub could not listen on port " + settings.port(), e);
        }
    }

    /** {@code http://localhost:<port>}: Stripe Java's {@code setApiBase}, and the base of the pages' URLs. */
    public String apiBase() {
        return state.baseUrl();
    }

    /** Every {@code /v1} request so far, oldest first. */
    public List<RecordedRequest> requests() {
        return api.requests();
    }

    /**
     * Pays the checkout session as its Pay button does: the subscription, a paid invoice, and the
     * events {@code checkout.session.completed}, {@code customer.subscription.created} and
     * {@code invoice.paid}, delivered (or given up) before this returns. Answers the subscription's id.
     */
    public String pay(String checkoutSessionId) {
        return refusalsAsJava(() -> act(b -> b.completeCheckout(checkoutSessionId))).object().get("id").asString();
    }

    /** The next payment fails: an open invoice, status past_due; {@code invoice.payment_failed} and {@code customer.subscription.updated} delivered when this returns. */
    public void paymentFailed(String subscriptionId) {
        refusalsAsJava(() -> act(b -> b.failPayment(subscriptionId)));
    }

    /** Canceled now, as if from Stripe's side; {@code customer.subscription.deleted} delivered when this returns. */
    public void cancel(String subscriptionId) {
        refusalsAsJava(() -> act(b -> b.cancel(subscriptionId)));
    }

    /** In outage mode every {@code /v1} request is answered 503 (pages and {@code /_stub/} still work). */
    public void outage(boolean on) {
        api.outage(on);
    }

    /** Where events go from now on (e.g. once the service under test knows its port); null keeps them. */
    public void webhookUrl(String url) {
        webhooks.url(url);
    }

    /** Every event so far, oldest first, with how its delivery went. */
    public List<StubEvent> events() {
        return webhooks.events();
    }

    /** Waits until every event so far is delivered or given up (events from REST changes are sent in the background). */
    public boolean awaitDeliveries(Duration timeout) {
        return webhooks.awaitDeliveries(timeout);
    }

    /** The meter events Stripe accepted, oldest first, as Stripe answered them (event_name, identifier, payload, timestamp). */
    public List<Map<String, Object>> meterEvents() {
        return state.locked(() -> state.meterEvents.values().stream().map(Json::toMap).toList());
    }

    /** The {@code Stripe-Signature} header value for {@code payload} at {@code timestamp} (Unix seconds). */
    public static String sign(String webhookSecret, String payload, long timestamp) {
        return Webhooks.signature(webhookSecret, payload, timestamp);
    }

    /** Runs a billing action under the lock, then waits for the events it sent. */
    Billing.Outcome act(Function<Billing, Billing.Outcome> action) {
        Billing.Outcome outcome = state.locked(() -> {
            Billing.Outcome done = action.apply(billing);
            return new Billing.Outcome(done.object().deepCopy(), done.deliveries());
        });
        Webhooks.await(outcome.deliveries());
        return outcome;
    }

    private static Billing.Outcome refusalsAsJava(java.util.function.Supplier<Billing.Outcome> action) {
        try {
            return action.get();
        } catch (StripeError refused) {
            throw new IllegalArgumentException(refused.getMessage(), refused);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        webhooks.close();
        threads.shutdownNow();
    }
}
