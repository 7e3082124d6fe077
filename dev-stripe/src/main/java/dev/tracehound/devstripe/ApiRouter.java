package dev.tracehound.devstripe;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.node.ObjectNode;

/**
 * Everything under {@code /v1}: records the request, answers 503 in outage mode, checks the secret
 * key, replays idempotent POSTs, and hands the form to the resource's handler under the state's lock.
 */
final class ApiRouter {

    private static final String ID = "([A-Za-z0-9_]+)";

    /** {@code handler} gets the id in the path (or null) and the parsed form. */
    private record Route(String method, Pattern path, BiFunction<String, ObjectNode, ObjectNode> handler) {}

    private final StubState state;
    private final String secretKey;
    private final Idempotency idempotency = new Idempotency();
    private final List<RecordedRequest> requests = new ArrayList<>();
    private final List<Route> routes = new ArrayList<>();
    private volatile boolean outage;

    /** {@code secretKey}: the one key accepted; null accepts any test key ({@code sk_test_...}). */
    ApiRouter(StubState state, Billing billing, String secretKey) {
        this.state = state;
        this.secretKey = secretKey;
        Catalog catalog = new Catalog(state);
        Customers customers = new Customers(state);
        Checkout checkout = new Checkout(state);
        Subscriptions subscriptions = new Subscriptions(state, billing);
        route("GET", "/v1/prices", (id, form) -> catalog.listPrices(form));
        route("POST", "/v1/prices", (id, form) -> catalog.createPrice(form));
        route("GET", "/v1/billing/meters", (id, form) -> catalog.listMeters(form));
        route("POST", "/v1/billing/meters", (id, form) -> catalog.createMeter(form));
        route("POST", "/v1/billing/meter_events", (id, form) -> catalog.createMeterEvent(form));
        route("POST", "/v1/customers", (id, form) -> customers.create(form));
        route("GET", "/v1/customers/" + ID, (id, form) -> state.expand(customers.retrieve(id), form));
        route("GET", "/v1/invoices", (id, form) -> state.expand(customers.listInvoices(form), form));
        route("POST", "/v1/checkout/sessions", (id, form) -> state.expand(checkout.createSession(form), form));
        route("GET", "/v1/checkout/sessions/" + ID, (id, form) -> state.expand(checkout.retrieveSession(id, form), form));
        route("POST", "/v1/billing_portal/sessions", (id, form) -> checkout.createPortalSession(form));
        route("GET", "/v1/subscriptions", (id, form) -> subscriptions.list(form));
        route("GET", "/v1/subscriptions/" + ID, subscriptions::retrieve);
        route("POST", "/v1/subscriptions/" + ID, subscriptions::update);
        route("DELETE", "/v1/subscriptions/" + ID, (id, form) -> subscriptions.delete(id));
        route("POST", "/v1/subscription_items/" + ID, subscriptions::updateItem);
    }

    private void route(String method, String path, BiFunction<String, ObjectNode, ObjectNode> handler) {
        routes.add(new Route(method, Pattern.compile(path), handler));
    }

    void outage(boolean on) {
        outage = on;
    }

    List<RecordedRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** {@code params}: the query and the form body, already parsed. */
    Answer handle(String method, String path, ObjectNode params, String authorization, String idempotencyKey) {
        synchronized (requests) {
            requests.add(new RecordedRequest(method, path, Json.toMap(params), idempotencyKey, Instant.now()));
        }
        String requestId = StubState.newId("req");
        Answer answer;
        try {
            answer = answer(method, path, params, authorization, idempotencyKey);
        } catch (StripeError error) {
            answer = Answer.error(error);
        }
        answer = answer.with("Request-Id", requestId).with("Stripe-Version", Webhooks.API_VERSION);
        return idempotencyKey == null || !method.equals("POST") ? answer : answer.with("Idempotency-Key", idempotencyKey);
    }

    private Answer answer(String method, String path, ObjectNode params, String authorization, String idempotencyKey) {
        if (outage) {
            throw StripeError.outage();
        }
        authenticate(authorization);
        Route route = null;
        String id = null;
        for (Route candidate : routes) {
            Matcher matcher = candidate.path().matcher(path);
            if (candidate.method().equals(method) && matcher.matches()) {
                route = candidate;
                id = matcher.groupCount() > 0 ? matcher.group(1) : null;
                break;
            }
        }
        if (route == null) {
            throw StripeError.unknownUrl(method, path);
        }
        if (idempotencyKey == null || !method.equals("POST")) {
            return run(route, id, params);
        }
        String request = method + " " + path + " " + Json.write(params);
        Optional<Answer> replay = idempotency.begin(idempotencyKey, request);
        if (replay.isPresent()) {
            return replay.get();
        }
        Answer answer = Answer.json(500, "{}");
        try {
            answer = run(route, id, params);
            return answer;
        } catch (StripeError error) {
            answer = Answer.error(error);
            throw error;
        } finally {
            idempotency.finish(idempotencyKey, request, answer);
        }
    }

    private Answer run(Route route, String id, ObjectNode params) {
        String body = state.locked(() -> Json.write(route.handler().apply(id, params)));
        return Answer.json(200, body);
    }

    /** Stripe takes the key as a Bearer token, or as the user name of Basic auth ({@code curl -u sk_test_...:}). */
    private void authenticate(String authorization) {
        String key = apiKey(authorization);
        if (key == null || key.isBlank()) {
            throw StripeError.unauthorized("You did not provide an API key. You need to provide your API key in the"
                    + " Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').");
        }
        boolean accepted = secretKey == null ? key.startsWith("sk_test_") : secretKey.equals(key);
        if (!accepted) {
            String shown = key.length() > 12 ? key.substring(0, 8) + "*".repeat(4) + key.substring(key.length() - 4) : "****";
            throw StripeError.unauthorized("Invalid API Key provided: " + shown
                    + (secretKey == null ? " (the development Stripe stub takes any test key, sk_test_...)" : ""));
        }
    }

    private static String apiKey(String authorization) {
        if (authorization == null) {
            return null;
        }
        if (authorization.startsWith("Bearer ")) {
            return authorization.substring(7).trim();
        }
        if (authorization.startsWith("Basic ")) {
            try {
                String user = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
                return user.contains(":") ? user.substring(0, user.indexOf(':')) : user;
            } catch (IllegalArgumentException notBase64) {
                return null;
            }
        }
        return null;
    }
}
