package dev.tracehound.demo;

import dev.tracehound.analytics.SpanRow.SpanKind;
import dev.tracehound.analytics.SpanRow.SpanLink;
import dev.tracehound.demo.Catalogue.Product;
import dev.tracehound.demo.Outcome.Failure;
import dev.tracehound.demo.Service.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The storefront (Node.js): every trace starts here, with one HTTP request from a shopper. */
final class Frontend {

    private enum Route {
        HOME("GET", "/", "home", 22),
        PRODUCT("GET", "/product/{id}", "product", 30),
        RECOMMENDATIONS("GET", "/recommendations", null, 12),
        ADD_TO_CART("POST", "/cart", null, 14),
        VIEW_CART("GET", "/cart", "cart", 8),
        CHECKOUT("POST", "/checkout", null, 8);

        final String method;
        final String route;
        /** The server-side rendered page, or null for JSON endpoints. */
        final String template;
        final double weight;

        Route(String method, String route, String template, double weight) {
            this.method = method;
            this.route = route;
            this.template = template;
            this.weight = weight;
        }
    }

    /** A shopper whose checkout failed with a 5xx tries again a little later; the new trace links to the old. */
    record CheckoutRetry(long at, int user, String paymentProvider, int attempt, String failedTraceId, String failedSpanId) {
    }

    /** Where retries go until their time comes. */
    @FunctionalInterface
    interface RetryScheduler {
        void schedule(CheckoutRetry retry);
    }

    private static final double[] ROUTE_WEIGHTS;

    static {
        Route[] routes = Route.values();
        double[] weights = new double[routes.length];
        for (int i = 0; i < routes.length; i++) {
            weights[i] = routes[i].weight;
        }
        ROUTE_WEIGHTS = Rng.cumulative(weights);
    }

    private static final String PUBLIC_HOST = "shop.example.com";
    private static final double UNKNOWN_PRODUCT = 0.01;
    private static final double RETRY_AFTER_SERVER_ERROR = 0.35;
    private static final int MAX_ATTEMPTS = 3;
    private static final Latency REQUEST_PARSING = Latency.of(0.4, 2.5);
    private static final Latency RENDERING = Latency.of(3, 18);
    private static final Latency SERIALIZATION = Latency.of(0.3, 2);

    private final TraceRecorder trace;
    private final Calls calls;
    private final Catalogue catalogue;
    private final Checkout checkout;
    private final Inventory inventory;
    private final Recommendations recommendations;
    private final RetryScheduler retries;

    Frontend(TraceRecorder trace, Calls calls, Catalogue catalogue, Checkout checkout, Inventory inventory,
            Recommendations recommendations, RetryScheduler retries) {
        this.trace = trace;
        this.calls = calls;
        this.catalogue = catalogue;
        this.checkout = checkout;
        this.inventory = inventory;
        this.recommendations = recommendations;
        this.retries = retries;
    }

    /** Simulates one shopper request arriving at {@code start}, with everything it causes downstream. */
    void request(long start) {
        Rng rng = trace.rng;
        Route route = Route.values()[rng.pick(ROUTE_WEIGHTS)];
        int user = catalogue.user(rng);
        switch (route) {
            case HOME -> home(start, user);
            case PRODUCT -> product(start, user);
            case RECOMMENDATIONS -> recommendationsPage(start, user);
            case ADD_TO_CART -> addToCart(start, user);
            case VIEW_CART -> viewCart(start, user);
            case CHECKOUT -> checkout(start, user, Payments.pickProvider(rng), 1, null);
        }
    }

    void retry(CheckoutRetry retry) {
        checkout(retry.at(), retry.user(), retry.paymentProvider(), retry.attempt(), retry);
    }

    private void home(long start, int user) {
        SpanDraft root = root(Route.HOME, "/", start, user);
        long t = session(root, start, user);
        t = listRecommendations(root, t, user, null, 8).endNanos();
        finish(root, render(root, t, Route.HOME), 200, null);
    }

    private void product(long start, int user) {
        Rng rng = trace.rng;
        boolean exists = !rng.chance(UNKNOWN_PRODUCT);
        String productId = exists ? catalogue.product(rng).id() : catalogue.unknownProductId(rng);
        SpanDraft root = root(Route.PRODUCT, "/product/" + productId, start, user);
        root.set("app.product.id", productId);
        long t = session(root, start, user);
        // The page asks for the product and for recommendations in parallel.
        Outcome details = calls.grpc(root, t, Service.INVENTORY, Inventory.RPC_SERVICE, "GetProduct",
                (server, at) -> inventory.getProduct(server, at, productId, exists));
        Outcome recommended = exists ? listRecommendations(root, t, user, productId, 4) : Outcome.ok(t);
        t = Math.max(details.endNanos(), recommended.endNanos());
        if (details.succeeded()) {
            finish(root, render(root, t, Route.PRODUCT), 200, null);
        } else {
            finish(root, t, details.failure().kind().httpStatus, details.failure());
        }
    }

    private void recommendationsPage(long start, int user) {
        SpanDraft root = root(Route.RECOMMENDATIONS, "/recommendations", start, user);
        long t = session(root, start, user);
        t = listRecommendations(root, t, user, null, 10).endNanos();
        finish(root, t, 200, null);
    }

    private void addToCart(long start, int user) {
        Rng rng = trace.rng;
        Product product = catalogue.product(rng);
        int quantity = rng.chance(0.8) ? 1 : 2 + rng.nextInt(2);
        SpanDraft root = root(Route.ADD_TO_CART, "/cart", start, user);
        root.set("app.product.id", product.id()).set("app.product.quantity", quantity);
        long t = session(root, start, user);
        Outcome available = calls.grpc(root, t, Service.INVENTORY, Inventory.RPC_SERVICE, "CheckAvailability",
                (server, at) -> inventory.checkAvailability(server, at, product, quantity));
        t = available.endNanos() + calls.gap();
        if (!available.succeeded()) {
            finish(root, t, available.failure().kind().httpStatus, available.failure());
            return;
        }
        t = calls.redis(root, t, "HINCRBY", "HINCRBY cart:" + Catalogue.userId(user) + " " + product.id() + " " + quantity,
                Calls.Latencies.REDIS).end;
        root.set("app.cart.size", 1 + rng.nextInt(6));
        finish(root, t, 200, null);
    }

    private void viewCart(long start, int user) {
        SpanDraft root = root(Route.VIEW_CART, "/cart", start, user);
        long t = session(root, start, user);
        t = calls.redis(root, t, "HGETALL", "HGETALL cart:" + Catalogue.userId(user), Calls.Latencies.REDIS).end;
        root.set("app.cart.size", trace.rng.nextInt(7));
        finish(root, render(root, t + calls.gap(), Route.VIEW_CART), 200, null);
    }

    private void checkout(long start, int user, String provider, int attempt, CheckoutRetry retryOf) {
        Rng rng = trace.rng;
        SpanDraft root = root(Route.CHECKOUT, "/checkout", start, user);
        if (retryOf != null) {
            root.set("app.retry.attempt", attempt);
            root.addLink(new SpanLink(retryOf.failedTraceId(), retryOf.failedSpanId(), Map.of("link.reason", "client_retry")));
        }
        long t = session(root, start, user);
        t = calls.redis(root, t, "HGETALL", "HGETALL cart:" + Catalogue.userId(user), Calls.Latencies.REDIS).end + calls.gap();
        Order order = order(rng, user, provider);
        root.set("app.cart.size", order.items().size()).set("app.order.total", Money.format(order.totalCents()));

        Outcome placed = calls.grpc(root, t, Service.CHECKOUT, Checkout.RPC_SERVICE, "PlaceOrder",
                (server, at) -> checkout.placeOrder(server, at, order));
        t = placed.endNanos();
        int status = placed.succeeded() ? 200 : placed.failure().kind().httpStatus;
        long end = finish(root, t, status, placed.failure());
        if (status >= 500 && attempt < MAX_ATTEMPTS && rng.chance(RETRY_AFTER_SERVER_ERROR)) {
            long retryAt = end + (long) (rng.between(2, 25) * 1e9);
            retries.schedule(new CheckoutRetry(retryAt, user, provider, attempt + 1, trace.traceId(), root.spanId));
        }
    }

    private Order order(Rng rng, int user, String provider) {
        int size = 1;
        while (size < 8 && rng.chance(0.55)) {
            size++;
        }
        List<Order.LineItem> items = new ArrayList<>(size);
        long total = 0;
        for (int i = 0; i < size; i++) {
            Product product = catalogue.product(rng);
            int quantity = rng.chance(0.85) ? 1 : 2;
            items.add(new Order.LineItem(product, quantity));
            total += product.priceCents() * quantity;
        }
        return new Order("ord_" + Ids.hex(rng.nextLong(), 16), user, List.copyOf(items), total, provider);
    }

    private Outcome listRecommendations(SpanDraft root, long start, int user, String productId, int count) {
        return calls.grpc(root, start, Service.RECOMMENDATION, Recommendations.RPC_SERVICE, "ListRecommendations",
                (server, at) -> recommendations.list(server, at, user, productId, count));
    }

    private SpanDraft root(Route route, String path, long start, int user) {
        SpanDraft root = trace.root(Service.FRONTEND, Instrumentation.HTTP_SERVER, route.method + " " + route.route, start);
        root.set("http.request.method", route.method).set("http.route", route.route).set("url.path", path)
                .set("url.scheme", "https").set("server.address", PUBLIC_HOST).set("server.port", "443")
                .set("network.protocol.version", "2").set("client.address", Catalogue.clientAddress(user))
                .set("user_agent.original", Catalogue.userAgent(user)).set("user.id", Catalogue.userId(user))
                .set("session.id", Catalogue.sessionId(user, start));
        return root;
    }

    /** Reads the shopper's session from Redis; returns when the handler can go on. */
    private long session(SpanDraft root, long start, int user) {
        long t = start + calls.sample(REQUEST_PARSING);
        String key = "session:" + Catalogue.sessionId(user, start);
        return calls.redis(root, t, "GET", "GET " + key, Calls.Latencies.REDIS).end + calls.gap();
    }

    /** Server-side rendering of an HTML page, a span of the frontend's own tracer; returns its end. */
    private long render(SpanDraft root, long start, Route page) {
        SpanDraft render = trace.child(root, Service.FRONTEND.tracer, "render " + page.template, SpanKind.INTERNAL, start);
        render.set("app.template", page.template + ".njk");
        return render.endAt(start + calls.sample(RENDERING)).end;
    }

    /** Writes the response and ends the root span; returns its end. */
    private long finish(SpanDraft root, long t, int status, Failure failure) {
        root.endAt(t + calls.sample(SERIALIZATION));
        root.set("http.response.status_code", status);
        String method = root.attribute("http.request.method");
        String line = method + " " + root.attribute("url.path") + " " + status + " "
                + (root.end - root.start) / 1_000_000 + " ms";
        if (status >= 500) {
            String cause = failure.kind().grpcName + ": " + failure.message();
            root.set("error.type", Integer.toString(status));
            root.fail(status + " " + failure.kind().httpReason + " (" + cause + ")");
            trace.log(root, root.end, Severity.ERROR, line + " - " + cause, "http.request.method", method,
                    "http.route", root.attribute("http.route"), "http.response.status_code", Integer.toString(status));
        } else {
            trace.log(root, root.end, status >= 400 ? Severity.WARN : Severity.INFO, line, "http.request.method", method,
                    "http.route", root.attribute("http.route"), "http.response.status_code", Integer.toString(status));
        }
        return root.end;
    }
}
