package dev.tracehound.demo;

import dev.tracehound.demo.Outcome.Failure.Kind;

/** The checkout service (Java): reserves stock, charges the payment, records the order. */
final class Checkout {

    static final String RPC_SERVICE = "shop.CheckoutService";
    private static final Latency HANDLER_OVERHEAD = Latency.of(0.6, 3);

    private final TraceRecorder trace;
    private final Calls calls;
    private final Inventory inventory;
    private final Payments payments;

    Checkout(TraceRecorder trace, Calls calls, Inventory inventory, Payments payments) {
        this.trace = trace;
        this.calls = calls;
        this.inventory = inventory;
        this.payments = payments;
    }

    Outcome placeOrder(SpanDraft server, long start, Order order) {
        String total = Money.format(order.totalCents());
        server.set("customer.id", order.customerId()).set("app.order.id", order.orderId())
                .set("app.cart.size", order.items().size()).set("app.order.total", total).set("app.currency", "USD")
                .set("payment.provider", order.paymentProvider());
        long t = start + calls.sample(HANDLER_OVERHEAD);

        Outcome reserved = calls.grpc(server, t, Service.INVENTORY, Inventory.RPC_SERVICE, "ReserveStock",
                (inventoryServer, at) -> inventory.reserve(inventoryServer, at, order));
        t = reserved.endNanos() + calls.gap();
        if (!reserved.succeeded()) {
            trace.log(server, t, Severity.WARN, "order " + order.orderId() + " rejected: " + reserved.failure().message(),
                    "app.order.id", order.orderId());
            return new Outcome(t + calls.gap(), reserved.failure());
        }

        Outcome charged = calls.grpc(server, t, Service.PAYMENTS, Payments.RPC_SERVICE, "Charge",
                (paymentsServer, at) -> payments.charge(paymentsServer, at, order),
                "payment.provider", order.paymentProvider());
        t = charged.endNanos() + calls.gap();
        if (!charged.succeeded()) {
            return paymentFailed(server, t, order, charged);
        }

        t = calls.postgres(server, t, "INSERT", "orders",
                "INSERT INTO orders (id, customer_id, total_cents, currency, payment_provider, status) VALUES ($1, $2, $3, $4, $5, 'paid')",
                Calls.Latencies.POSTGRES_WRITE).end + calls.gap();
        t = calls.postgres(server, t, "INSERT", "order_items",
                "INSERT INTO order_items (order_id, product_id, quantity, price_cents) SELECT * FROM unnest($1, $2, $3, $4)",
                Calls.Latencies.POSTGRES_WRITE).end + calls.gap();
        t = calls.redis(server, t, "DEL", "DEL cart:" + order.userId(), Calls.Latencies.REDIS).end;
        trace.log(server, t, Severity.INFO, "order " + order.orderId() + " placed: " + order.items().size() + " items, "
                + total + " USD, paid via " + order.paymentProvider(), "app.order.id", order.orderId(),
                "payment.provider", order.paymentProvider());
        return Outcome.ok(t + calls.sample(HANDLER_OVERHEAD));
    }

    private Outcome paymentFailed(SpanDraft server, long start, Order order, Outcome charged) {
        long t = calls.grpc(server, start, Service.INVENTORY, Inventory.RPC_SERVICE, "ReleaseStock",
                (inventoryServer, at) -> inventory.release(inventoryServer, at, order)).endNanos() + calls.gap();
        if (charged.failedWith(Kind.DECLINED)) {
            trace.log(server, t, Severity.INFO, "order " + order.orderId() + " not placed: " + charged.failure().message(),
                    "app.order.id", order.orderId(), "payment.provider", order.paymentProvider());
            return new Outcome(t + calls.gap(), charged.failure());
        }
        String message = "failed to charge card: " + charged.failure().message();
        server.recordException(t, "dev.shop.checkout.payment.PaymentFailedException", message,
                StackTraces.paymentFailed(message, charged.failure().kind().grpcName, charged.failure().message()));
        trace.log(server, t, Severity.ERROR, "order " + order.orderId() + " failed: " + message,
                "app.order.id", order.orderId(), "payment.provider", order.paymentProvider(),
                "exception.type", "dev.shop.checkout.payment.PaymentFailedException");
        return Outcome.failed(t + calls.gap(), Kind.INTERNAL, message);
    }
}
