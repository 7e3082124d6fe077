package dev.tracehound.demo;

import dev.tracehound.demo.Catalogue.Product;
import dev.tracehound.demo.Incident.InventoryReplicaSlowsReads;
import dev.tracehound.demo.Outcome.Failure.Kind;
import java.util.List;

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
    /** The Kubernetes service in front of the read replicas, where there are any. */
    static final String READ_REPLICAS_ADDRESS = "postgres-read.shop.svc.cluster.local";
    private static final Latency TIMEOUT_OVERSHOOT = Latency.of(0.5, 3);

    private final TraceRecorder trace;
    private final Calls calls;
    private final Conditions conditions;

    Inventory(TraceRecorder trace, Calls calls, Conditions conditions) {
        this.trace = trace;
        this.calls = calls;
        this.conditions = conditions;
    }

    Outcome getProduct(SpanDraft server, long start, String productId, boolean exists) {
        server.set("app.product.id", productId);
        long t = start + calls.sample(HANDLER_OVERHEAD);
        boolean hit = exists && calls.rng().chance(PRODUCT_CACHE_HIT_RATIO);
        t = calls.cacheLookup(server, t, "product:" + productId, hit).end + calls.gap();
        if (!hit) {
            SpanDraft select = read(server, t, "products",
                    "SELECT id, name, description, price_cents, currency FROM products WHERE id = $1",
                    "ProductRepository.find", "getProduct");
            if (select.failed()) {
                return readFailed(server, select, "product " + productId, "app.product.id", productId);
            }
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
        SpanDraft select = read(server, t, "stock", "SELECT available - reserved FROM stock WHERE product_id = $1",
                "StockRepository.available", "checkAvailability");
        if (select.failed()) {
            return readFailed(server, select, "stock of product " + product.id(), "app.product.id", product.id());
        }
        t = select.end;
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

    /**
     * A point read: on the primary, or where the scenario has read replicas, on one of them, which
     * the span names in {@code db.replica}; a replica an incident slows may cancel it at the
     * statement timeout, and the span then fails.
     */
    private SpanDraft read(SpanDraft server, long start, String table, String statement, String repositoryMethod,
            String grpcMethod) {
        List<String> replicas = conditions.inventoryReadReplicas();
        if (replicas.isEmpty()) {
            return calls.postgres(server, start, "SELECT", table, statement, Calls.Latencies.POSTGRES_POINT_READ);
        }
        String replica = replicas.get(calls.rng().nextInt(replicas.size()));
        InventoryReplicaSlowsReads slowdown = conditions.replicaSlowdown(replica, start);
        Latency latency = slowdown == null ? Calls.Latencies.POSTGRES_POINT_READ
                : Latency.of(slowdown.slowReadMedian().toNanos() / 1e6, slowdown.slowReadP99().toNanos() / 1e6);
        SpanDraft select = calls.postgres(server, start, "SELECT", table, statement, latency);
        select.set("server.address", READ_REPLICAS_ADDRESS).set("db.replica", replica);
        if (slowdown == null) {
            return select;
        }
        long timeout = slowdown.statementTimeout().toNanos();
        if (calls.rng().chance(slowdown.timeoutRatio())) {
            String message = "ERROR: canceling statement due to statement timeout";
            select.endAt(start + timeout + calls.sample(TIMEOUT_OVERSHOOT));
            select.set("db.response.status_code", "57014").set("error.type", "org.postgresql.util.PSQLException");
            select.fail(message);
            select.recordException(select.end, "org.postgresql.util.PSQLException", message,
                    StackTraces.statementTimeout(message, repositoryMethod, grpcMethod));
        } else {
            select.endAt(Math.min(select.end, start + timeout * 97 / 100));
        }
        return select;
    }

    private Outcome readFailed(SpanDraft server, SpanDraft select, String what, String key, String value) {
        long t = select.end + calls.gap();
        String message = "reading " + what + " from " + select.attribute("db.replica") + " failed: "
                + select.statusMessage();
        trace.log(server, t, Severity.ERROR, message, key, value, "db.replica", select.attribute("db.replica"),
                "db.response.status_code", select.attribute("db.response.status_code"));
        return Outcome.failed(t + calls.gap(), Kind.UNAVAILABLE, message);
    }
}
