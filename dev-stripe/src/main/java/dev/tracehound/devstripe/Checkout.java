package dev.tracehound.devstripe;

import java.math.BigDecimal;
import java.math.RoundingMode;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /v1/checkout/sessions}, {@code GET /v1/checkout/sessions/{id}} and
 * {@code POST /v1/billing_portal/sessions}: sessions whose {@code url} is one of the stub's pages.
 */
final class Checkout {

    private static final long SESSION_LIFETIME_SECONDS = 24 * 3600;

    private final StubState state;

    Checkout(StubState state) {
        this.state = state;
    }

    ObjectNode createSession(ObjectNode form) {
        String mode = Json.required(form, "mode");
        if (!mode.equals("subscription")) {
            throw StripeError.invalid("mode", "The development Stripe stub offers mode=subscription only, not " + mode + ".");
        }
        String successUrl = Json.required(form, "success_url");
        String customer = Json.text(form, "customer");
        if (customer != null) {
            state.customer(customer);
        }
        ArrayNode lines = lineItems(form);
        String currency = null;
        long total = 0;
        for (JsonNode line : lines) {
            ObjectNode price = state.price(line.get("price").asString());
            String lineCurrency = price.get("currency").asString();
            if (currency != null && !currency.equals(lineCurrency)) {
                throw StripeError.invalid("line_items", "All line items must use the same currency (" + currency + " and " + lineCurrency + ").");
            }
            currency = lineCurrency;
            total += amount(price, line);
        }
        ObjectNode session = StubState.newObject("cs", "checkout.session");
        String id = "cs_test_" + session.get("id").asString().substring(3);
        session.put("id", id);
        session.put("amount_subtotal", total);
        session.put("amount_total", total);
        session.put("cancel_url", Json.text(form, "cancel_url"));
        session.put("client_reference_id", Json.text(form, "client_reference_id"));
        session.put("currency", currency);
        session.put("customer", customer);
        session.put("customer_email", Json.text(form, "customer_email"));
        session.put("expires_at", session.get("created").asLong() + SESSION_LIFETIME_SECONDS);
        session.putNull("invoice");
        session.putObject("metadata");
        Json.mergeMetadata(session, form);
        session.put("mode", mode);
        session.put("payment_status", "unpaid");
        session.put("status", "open");
        session.putNull("subscription");
        session.put("success_url", successUrl);
        session.put("ui_mode", "hosted");
        session.put("url", state.baseUrl() + "/checkout/" + id);
        ObjectNode subscriptionMetadata = Json.object();
        Json.mergeMetadata(subscriptionMetadata, form.path("subscription_data"));
        state.checkoutSessions.put(id, session);
        state.checkoutLineItems.put(id, lines);
        state.checkoutSubscriptionMetadata.put(id, (ObjectNode) subscriptionMetadata.get("metadata"));
        return session.deepCopy();
    }

    /** Each line's price (existing, recurring) and quantity: required for licensed prices, refused for metered ones. */
    private ArrayNode lineItems(ObjectNode form) {
        ArrayNode lines = Json.array();
        int index = 0;
        for (JsonNode line : Json.list(form, "line_items")) {
            String where = "line_items[" + index + "]";
            String priceId = Json.text(line, "price");
            if (priceId == null) {
                throw StripeError.missingParam(where + "[price]");
            }
            ObjectNode price = state.price(priceId);
            if (!price.get("active").asBoolean()) {
                throw StripeError.invalid(where + "[price]", "The price specified is inactive. This field only accepts active prices.");
            }
            if (!"recurring".equals(price.get("type").asString())) {
                throw StripeError.invalid(where + "[price]",
                        "You must provide at least one recurring price in `subscription` mode when using prices.");
            }
            Long quantity = Json.integer(line, "quantity");
            boolean metered = "metered".equals(price.path("recurring").path("usage_type").asString());
            if (metered && quantity != null) {
                throw StripeError.invalid(where + "[quantity]",
                        "Quantity should not be specified where usage_type is `metered`. Remove quantity from `" + where + "`.");
            }
            if (!metered && quantity == null) {
                throw StripeError.invalid(where + "[quantity]", "Quantity is required. Add `quantity` to `" + where + "`.");
            }
            if (quantity != null && quantity < 0) {
                throw StripeError.invalid(where + "[quantity]", "Invalid non-negative integer");
            }
            ObjectNode kept = Json.object();
            kept.put("price", priceId);
            if (quantity != null) {
                kept.put("quantity", quantity);
            }
            lines.add(kept);
            index++;
        }
        if (lines.isEmpty()) {
            throw StripeError.missingParam("line_items");
        }
        return lines;
    }

    ObjectNode retrieveSession(String id, ObjectNode form) {
        ObjectNode session = state.checkoutSession(id).deepCopy();
        boolean lineItems = Json.list(form, "expand").stream().anyMatch(path -> path.asString().equals("line_items"));
        if (lineItems) {
            ArrayNode items = Json.array();
            for (JsonNode line : state.checkoutLineItems.get(id)) {
                ObjectNode price = state.price(line.get("price").asString());
                ObjectNode item = StubState.newObject("li", "item");
                item.remove("created");
                item.remove("livemode");
                item.put("amount_subtotal", amount(price, line));
                item.put("amount_total", amount(price, line));
                item.put("currency", price.get("currency").asString());
                item.put("description", Pages.productName(state, price));
                item.set("price", price.deepCopy());
                item.set("quantity", line.get("quantity"));
                items.add(item);
            }
            ObjectNode list = session.putObject("line_items");
            list.put("object", "list");
            list.set("data", items);
            list.put("has_more", false);
            list.put("url", "/v1/checkout/sessions/" + id + "/line_items");
        }
        return session;
    }

    /** What a line costs now: unit amount × quantity; a metered line is billed later, by usage. */
    static long amount(ObjectNode price, JsonNode line) {
        if (!line.has("quantity")) {
            return 0;
        }
        return new BigDecimal(price.get("unit_amount_decimal").asString())
                .multiply(BigDecimal.valueOf(line.get("quantity").asLong()))
                .setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    ObjectNode createPortalSession(ObjectNode form) {
        String customer = Json.required(form, "customer");
        state.customer(customer);
        ObjectNode session = StubState.newObject("bps", "billing_portal.session");
        session.put("configuration", "bpc_dev_stripe_stub");
        session.put("customer", customer);
        session.putNull("flow");
        session.putNull("locale");
        session.putNull("on_behalf_of");
        session.put("return_url", Json.text(form, "return_url"));
        session.put("url", state.baseUrl() + "/portal/" + session.get("id").asString());
        state.portalSessions.put(session.get("id").asString(), session);
        return session.deepCopy();
    }
}
