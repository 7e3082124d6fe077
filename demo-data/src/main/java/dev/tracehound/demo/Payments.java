package dev.tracehound.demo;

import dev.tracehound.analytics.SpanRow.SpanKind;
import dev.tracehound.demo.Incident.CheckoutDeploySlowsPayments;
import dev.tracehound.demo.Outcome.Failure.Kind;
import dev.tracehound.demo.Service.Instrumentation;
import java.util.List;

/** The payments service (Go): charges an order through the external provider the shopper chose. */
final class Payments {

    static final String RPC_SERVICE = "shop.PaymentService";

    /** An external payment API with its usual latency. */
    record Provider(String name, String url, String host, String adapterType, String adapterFile, Latency latency) {
    }

    static final List<Provider> PROVIDERS = List.of(
            new Provider("stripe_v3", "https://api.stripe.com/v1/payment_intents", "api.stripe.com", "StripeV3",
                    "stripe_v3.go", Latency.of(66, 185)),
            new Provider("stripe_v2", "https://api.stripe.com/v1/charges", "api.stripe.com", "StripeV2",
                    "stripe_v2.go", Latency.of(75, 185)),
            new Provider("adyen", "https://checkout-live.adyen.com/v71/payments", "checkout-live.adyen.com", "Adyen",
                    "adyen.go", Latency.of(85, 205)),
            new Provider("paypal", "https://api-m.paypal.com/v2/checkout/orders/capture", "api-m.paypal.com", "PayPal",
                    "paypal.go", Latency.of(105, 240)));
    private static final double[] PROVIDER_SHARES = Rng.cumulative(0.32, 0.28, 0.25, 0.15);

    private static final double PROVIDER_UNAVAILABLE = 0.0025;
    private static final double CARD_DECLINED = 0.02;
    private static final String[] DECLINE_REASONS = {"insufficient_funds", "card_declined", "expired_card", "do_not_honor"};
    private static final Latency HANDLER_OVERHEAD = Latency.of(0.2, 1.5);
    private static final Latency UNAVAILABLE_RESPONSE = Latency.of(40, 300);
    /** While an incident slows a provider, calls that do not time out still take this long. */
    private static final Latency DEGRADED_PROVIDER = Latency.of(700, 1800);
    private static final Latency TIMEOUT_OVERSHOOT = Latency.of(0.3, 2);

    private final TraceRecorder trace;
    private final Calls calls;
    private final Conditions conditions;

    Payments(TraceRecorder trace, Calls calls, Conditions conditions) {
        this.trace = trace;
        this.calls = calls;
        this.conditions = conditions;
    }

    static String pickProvider(Rng rng) {
        return PROVIDERS.get(rng.pick(PROVIDER_SHARES)).name();
    }

    Outcome charge(SpanDraft server, long start, Order order) {
        Provider provider = provider(order.paymentProvider());
        String amount = Money.format(order.totalCents());
        server.set("payment.provider", provider.name()).set("app.payment.amount", amount).set("app.currency", "USD")
                .set("customer.id", order.customerId()).set("app.order.id", order.orderId());
        long t = start + calls.sample(HANDLER_OVERHEAD);
        t = calls.redis(server, t, "SET", "SET payment:idempotency:" + order.orderId() + " ? NX EX 86400",
                Calls.Latencies.REDIS).end + calls.gap();

        SpanDraft http = trace.child(server, Instrumentation.HTTP_CLIENT, "POST", SpanKind.CLIENT, t);
        http.set("http.request.method", "POST").set("url.full", provider.url()).set("server.address", provider.host())
                .set("server.port", "443").set("payment.provider", provider.name());
        Outcome call = callProvider(server, http, provider, order, t);
        t = call.endNanos() + calls.gap();

        if (call.succeeded()) {
            t = calls.postgres(server, t, "INSERT", "payments",
                    "INSERT INTO payments (id, order_id, customer_id, provider, amount_cents, status) VALUES ($1, $2, $3, $4, $5, 'captured')",
                    Calls.Latencies.POSTGRES_WRITE).end;
            trace.log(server, t, Severity.INFO, "charged " + amount + " USD to " + order.customerId() + " via "
                    + provider.name() + " (charge ch_" + Ids.hex(trace.rng.nextLong(), 16) + ")",
                    "payment.provider", provider.name(), "app.order.id", order.orderId(), "app.payment.amount", amount);
        }
        return new Outcome(t + calls.sample(HANDLER_OVERHEAD), call.failure());
    }

    private Outcome callProvider(SpanDraft server, SpanDraft http, Provider provider, Order order, long start) {
        Rng rng = trace.rng;
        CheckoutDeploySlowsPayments slowdown = conditions.paymentSlowdown(provider.name(), start);
        long timeoutNanos = slowdown == null ? 5_000_000_000L : slowdown.providerTimeout().toNanos();

        if (slowdown != null && rng.chance(slowdown.timeoutRatio())) {
            http.endAt(start + timeoutNanos + calls.sample(TIMEOUT_OVERSHOOT));
            long timeoutMillis = timeoutNanos / 1_000_000;
            String message = "payment provider " + provider.name() + " timed out after " + timeoutMillis + " ms";
            http.set("error.type", "timeout");
            http.fail("context deadline exceeded");
            http.recordException(http.end, "*url.Error", "Post \"" + provider.url()
                    + "\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)",
                    StackTraces.goProviderCall(provider.adapterType(), provider.adapterFile()));
            trace.log(server, http.end, Severity.ERROR, message, "payment.provider", provider.name(),
                    "app.order.id", order.orderId(), "error.type", "timeout", "payment.timeout_ms", Long.toString(timeoutMillis));
            return Outcome.failed(http.end, Kind.TIMEOUT, message);
        }

        long latency = slowdown == null ? calls.sample(provider.latency()) : calls.sample(DEGRADED_PROVIDER);
        latency = Math.min(latency, timeoutNanos * 97 / 100);
        if (rng.chance(PROVIDER_UNAVAILABLE)) {
            http.endAt(start + calls.sample(UNAVAILABLE_RESPONSE));
            http.set("http.response.status_code", 503).set("error.type", "503");
            http.fail("");
            String message = "payment provider " + provider.name() + " returned 503 Service Unavailable";
            trace.log(server, http.end, Severity.ERROR, message, "payment.provider", provider.name(),
                    "app.order.id", order.orderId(), "http.response.status_code", "503");
            return Outcome.failed(http.end, Kind.UNAVAILABLE, message);
        }
        http.endAt(start + latency);
        if (rng.chance(CARD_DECLINED)) {
            String reason = DECLINE_REASONS[rng.nextInt(DECLINE_REASONS.length)];
            http.set("http.response.status_code", 402).set("error.type", "402");
            http.fail("");
            server.set("payment.decline_reason", reason);
            trace.log(server, http.end, Severity.WARN, "card declined by " + provider.name() + " for order "
                    + order.orderId() + ": " + reason, "payment.provider", provider.name(), "app.order.id", order.orderId(),
                    "payment.decline_reason", reason);
            return Outcome.failed(http.end, Kind.DECLINED, "card declined: " + reason);
        }
        http.set("http.response.status_code", 200);
        return Outcome.ok(http.end);
    }

    private static Provider provider(String name) {
        for (Provider provider : PROVIDERS) {
            if (provider.name().equals(name)) {
                return provider;
            }
        }
        throw new IllegalArgumentException("unknown payment provider " + name);
    }
}
