package dev.tracehound.devstripe;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The stub's one HTTP handler: {@code /v1/...} goes to the {@link ApiRouter}; the browser's pages
 * ({@code /checkout/{id}}, {@code /portal/{id}}, {@code /invoices/{id}}); the control endpoints
 * under {@code /_stub/}, which need no key.
 */
final class StubHttp implements HttpHandler {

    private static final System.Logger LOG = System.getLogger(StubHttp.class.getName());
    private static final Pattern CHECKOUT = Pattern.compile("/checkout/([A-Za-z0-9_]+)(/pay)?");
    private static final Pattern PORTAL = Pattern.compile("/portal/([A-Za-z0-9_]+)");
    private static final Pattern INVOICE = Pattern.compile("/invoices/([A-Za-z0-9_]+)(/pdf)?");
    private static final Pattern CONTROL_SUBSCRIPTION = Pattern.compile("/_stub/subscriptions/([A-Za-z0-9_]+)/(payment-failed|cancel)");

    private final StripeStub stub;
    private final StubState state;
    private final ApiRouter api;
    private final Webhooks webhooks;

    StubHttp(StripeStub stub, StubState state, ApiRouter api, Webhooks webhooks) {
        this.stub = stub;
        this.state = state;
        this.api = api;
        this.webhooks = webhooks;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        Answer answer;
        try {
            String query = exchange.getRequestURI().getRawQuery();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            answer = route(exchange, method, path, FormParser.parse(join(query, body)));
        } catch (StripeError error) {
            answer = Answer.error(error);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, method + " " + path + " failed in the stub", e);
            answer = Answer.json(500, "{\"error\":{\"type\":\"api_error\",\"message\":\"The development Stripe stub failed: "
                    + e.toString().replace("\"", "'").replace("\\", "/") + "\"}}");
        }
        answer.send(exchange);
    }

    private static String join(String query, String body) {
        if (query == null || query.isEmpty()) {
            return body;
        }
        return body.isEmpty() ? query : query + "&" + body;
    }

    private Answer route(HttpExchange exchange, String method, String path, ObjectNode params) {
        if (path.startsWith("/v1/")) {
            return api.handle(method, path, params, exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Idempotency-Key"));
        }
        if (path.startsWith("/_stub/")) {
            return control(method, path, params);
        }
        Matcher checkout = CHECKOUT.matcher(path);
        if (checkout.matches()) {
            String id = checkout.group(1);
            if (checkout.group(2) != null) {
                return method.equals("POST") ? pay(id) : notAllowed();
            }
            return page(() -> Pages.checkout(state, state.checkoutSession(id), state.checkoutLineItems.get(id)));
        }
        Matcher portal = PORTAL.matcher(path);
        if (portal.matches()) {
            return page(() -> {
                ObjectNode session = state.portalSessions.get(portal.group(1));
                if (session == null) {
                    throw StripeError.noSuch("billing portal session", portal.group(1));
                }
                return Pages.portal(state, session);
            });
        }
        Matcher invoice = INVOICE.matcher(path);
        if (invoice.matches()) {
            ObjectNode found = state.locked(() -> {
                ObjectNode copy = state.invoices.get(invoice.group(1));
                return copy == null ? null : copy.deepCopy();
            });
            if (found == null) {
                return Answer.html(404, Pages.message("No such invoice", "The stub holds no invoice " + invoice.group(1) + "."));
            }
            return invoice.group(2) != null ? Answer.pdf(InvoicePdf.render(found)) : Answer.html(200, Pages.invoice(found));
        }
        return Answer.html(404, Pages.message("Not found", "The development Stripe stub has no page at " + path + "."));
    }

    private Answer page(java.util.function.Supplier<String> render) {
        try {
            return Answer.html(200, state.locked(render));
        } catch (StripeError missing) {
            return Answer.html(404, Pages.message("Not found", missing.getMessage()));
        }
    }

    /** The Pay button: the subscription is made and its events delivered before the browser goes on to success_url. */
    private Answer pay(String sessionId) {
        try {
            stub.act(billing -> billing.completeCheckout(sessionId));
        } catch (StripeError refused) {
            return Answer.html(refused.status() == 404 ? 404 : 409, Pages.message("Cannot pay", refused.getMessage()));
        }
        return Answer.seeOther(state.locked(() -> Pages.successUrl(state.checkoutSession(sessionId))));
    }

    private Answer control(String method, String path, ObjectNode params) {
        if (path.equals("/_stub/requests") && method.equals("GET")) {
            ObjectNode list = list("/_stub/requests");
            ArrayNode data = (ArrayNode) list.get("data");
            for (RecordedRequest request : api.requests()) {
                ObjectNode row = data.addObject();
                row.put("method", request.method());
                row.put("path", request.path());
                row.set("params", Json.MAPPER.valueToTree(request.params()));
                row.put("idempotency_key", request.idempotencyKey());
                row.put("time", request.time().toString());
            }
            return Answer.json(200, Json.write(list));
        }
        if (path.equals("/_stub/events") && method.equals("GET")) {
            ObjectNode list = list("/_stub/events");
            ArrayNode data = (ArrayNode) list.get("data");
            for (StubEvent event : webhooks.events()) {
                ObjectNode row = data.addObject();
                row.set("event", Json.read(event.payload()));
                row.set("delivery", Json.MAPPER.valueToTree(event.delivery()));
            }
            return Answer.json(200, Json.write(list));
        }
        if (path.equals("/_stub/outage") && method.equals("POST")) {
            Boolean on = Json.bool(params, "on");
            if (on == null) {
                throw StripeError.missingParam("on");
            }
            stub.outage(on);
            return Answer.json(200, "{\"outage\":" + on + "}");
        }
        Matcher subscription = CONTROL_SUBSCRIPTION.matcher(path);
        if (subscription.matches() && method.equals("POST")) {
            String id = subscription.group(1);
            Billing.Outcome outcome = stub.act(billing -> subscription.group(2).equals("cancel")
                    ? billing.cancel(id) : billing.failPayment(id));
            return Answer.json(200, Json.write(outcome.object()));
        }
        throw StripeError.unknownUrl(method, path);
    }

    private static ObjectNode list(String url) {
        ObjectNode list = Json.object();
        list.put("object", "list");
        list.putArray("data");
        list.put("has_more", false);
        list.put("url", url);
        return list;
    }

    private static Answer notAllowed() {
        return Answer.html(405, Pages.message("Method not allowed", "Paying takes a POST (the Pay button's form)."));
    }
}
