package dev.tracehound.demo;

import dev.tracehound.demo.Catalogue.Product;
import dev.tracehound.demo.Outcome.Failure.Kind;

/** The inventory service (Java): product data behind a Redis cache, and stock in PostgreSQL. */
final class Inventory {

    static final String RPC_SERVICE = "shop.InventoryService";
    private static final double PRODUCT_CACHE_HIT_RATIO = 0.8;
    private static final double OUT_OF_STOCK_WHEN_ADDING = 0.02;
    private static final double OUT_OF_STOCK_AT_CHECKOUT = 0.008;
    private static final double DEADLOCK_PER_UPDATE = 0.006;
    private static final Latency HANDLER_OVERHEAD = Latency.of(0.3, 2);
    private static final Latency DEADLOCK_DETECTION = Latency.of(45, 160);
    private static final Latency RETRY_BACKOFF = Latency.of(12, 40);

    private final TraceRecorder trace;
    private final Calls calls;

    Inventory(TraceRecorder trace, Calls calls) {
        this.trace = trace;
        this.calls = calls;
    }

    Outcome getProduct(SpanDraft server, long start, String productId, boolean exists) {
        server.set("app.product.id", productId);
        long t = start + calls.sample(HANDLER_OVERHEAD);
        boolean hit = exists && calls.rng().chance(PRODUCT_CACHE_HIT_RATIO);
        t = calls.cacheLookup(server, t, "product:" + productId, hit).end + calls.gap();
        if (!hit) {
            SpanDraft select = calls.postgres(server, t, "SELECT", "products",
                    "SELECT id, name, description, price_cents, currency FROM products WHERE id = $1",
                    Calls.Latencies.POSTGRES_POINT_READ);
            select.set("db.response.returned_rows", exists ? 1 : 0);
            t = select.end + calls.gap();
            if (!exists) {
                trace.log(server, t, Severity.INFO, "product " + productId + " not found", "app.product.id", productId);
                return Outcome.failed(t, Kind.NOT_FOUND, "product " + productId + " not found");
            }
            t = calls.redis(server, t, "SET", "SET product:" + productId + " ? EX 300", Calls.Latencies.REDIS).end;
        }
        return Outcome.ok(t + calls.sample(HANDLER_OVERHEAD));
    }

    Outcome checkAvailability(SpanDraft server, long start, Product product, int quantity) {
        server.set("app.product.id", product.id()).set("app.product.quantity", quantity);
        long t = start + calls.sample(HANDLER_OVERHEAD);
        t = calls.postgres(server, t, "SELECT", "stock",
                "SELECT available - reserved FROM stock WHERE product_id = $1", Calls.Latencies.POSTGRES_POINT_READ).end;
        if (calls.rng().chance(OUT_OF_STOCK_WHEN_ADDING)) {
            String message = "product " + product.id() + " is out of stock";
            trace.log(server, t, Severity.WARN,
                    "product " + product.id() + " out of stock (requested " + quantity + ", available 0)",
                    "app.product.id", product.id());
            return Outcome.failed(t + calls.gap(), Kind.OUT_OF_STOCK, message);
        }
        return Outcome.ok(t + calls.sample(HANDLER_OVERHEAD));
    }

    /** Reserves every line in one transaction; a deadlock with a concurrent order is retried. */
    Outcome reserve(SpanDraft server, long start, Order order) {
        server.set("app.order.id", order.orderId()).set("app.cart.size", order.items().size());
        long t = start + calls.sample(HANDLER_OVERHEAD);
        for (Order.LineItem item : order.items()) {
            int attempt = 1;
            while (true) {
                boolean deadlock = attempt < 3 && calls.rng().chance(DEADLOCK_PER_UPDATE);
                SpanDraft update = calls.postgres(server, t, "UPDATE", "stock",
                        "UPDATE stock SET reserved = reserved + $2 WHERE product_id = $1 AND available - reserved >= $2",
                        Calls.Latencies.POSTGRES_WRITE);
                if (!deadlock) {
                    t = update.end + calls.gap();
                    break;
                }
                update.endAt(update.start + calls.sample(DEADLOCK_DETECTION));
                String message = "ERROR: deadlock detected\n  Detail: Process " + (4000 + calls.rng().nextInt(900))
                        + " waits for ShareLock on transaction " + (900_000 + calls.rng().nextInt(99_999))
                        + "; blocked by process " + (4000 + calls.rng().nextInt(900)) + ".";
                update.set("db.response.status_code", "40P01").set("error.type", "org.postgresql.util.PSQLException");
                update.fail("ERROR: deadlock detected");
                update.recordException(update.end, "org.postgresql.util.PSQLException", message, StackTraces.deadlock(message));
                t = update.end + calls.gap();
                attempt++;
                trace.log(server, t, Severity.WARN, "deadlock detected while reserving stock for order " + order.orderId()
                        + ", retrying (attempt " + attempt + " of 3)", "app.order.id", order.orderId(),
                        "db.response.status_code", "40P01");
                t += calls.sample(RETRY_BACKOFF);
            }
        }
        if (calls.rng().chance(OUT_OF_STOCK_AT_CHECKOUT)) {
            Product gone = order.items().getFirst().product();
            trace.log(server, t, Severity.WARN, "cannot reserve stock for order " + order.orderId() + ": product "
                    + gone.id() + " sold out", "app.order.id", order.orderId(), "app.product.id", gone.id());
            return Outcome.failed(t + calls.gap(), Kind.OUT_OF_STOCK, "product " + gone.id() + " is out of stock");
        }
        trace.log(server, t, Severity.INFO, "reserved " + order.items().size() + " items for order " + order.orderId(),
                "app.order.id", order.orderId());
        return Outcome.ok(t + calls.sample(HANDLER_OVERHEAD));
    }

    Outcome release(SpanDraft server, long start, Order order) {
        server.set("app.order.id", order.orderId());
        long t = start + calls.sample(HANDLER_OVERHEAD);
        t = calls.postgres(server, t, "UPDATE", "stock",
                "UPDATE stock SET reserved = reserved - r.quantity FROM reservations r WHERE r.order_id = $1",
                Calls.Latencies.POSTGRES_WRITE).end;
        trace.log(server, t, Severity.INFO, "released stock reservation for order " + order.orderId(),
                "app.order.id", order.orderId());
        return Outcome.ok(t + calls.sample(HANDLER_OVERHEAD));
    }
}
