package dev.tracehound.devstripe;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What happens to subscriptions and invoices beyond plain REST: paying a checkout session, a failed
 * payment, a cancellation; each changes the objects and queues the events Stripe would send. Called
 * inside {@link StubState#locked}; the deliveries it answers are awaited outside the lock, or not at all.
 */
final class Billing {

    private final StubState state;
    private final Webhooks webhooks;

    Billing(StubState state, Webhooks webhooks) {
        this.state = state;
        this.webhooks = webhooks;
    }

    record Outcome(ObjectNode object, List<Future<StubEvent.Delivery>> deliveries) {}

    /**
     * The customer paid: an active subscription with the session's line items and
     * {@code subscription_data[metadata]}, a paid invoice, the session complete; then
     * {@code checkout.session.completed}, {@code customer.subscription.created}, {@code invoice.paid}.
     */
    Outcome completeCheckout(String sessionId) {
        ObjectNode session = state.checkoutSession(sessionId);
        if (!"open".equals(session.get("status").asString())) {
            throw StripeError.invalid("id", "This Checkout Session is no longer open (status " + session.get("status").asString() + ").");
        }
        ObjectNode customer = customerOf(session);
        ObjectNode subscription = StubState.newObject("sub", "subscription");
        String subscriptionId = subscription.get("id").asString();
        long start = subscription.get("created").asLong();
        ArrayNode items = Json.array();
        for (JsonNode line : state.checkoutLineItems.get(sessionId)) {
            ObjectNode price = state.price(line.get("price").asString());
            items.add(newItem(subscriptionId, price, line.has("quantity") ? line.get("quantity").asLong() : null, start));
        }
        subscription.put("billing_cycle_anchor", start);
        subscription.putNull("cancel_at");
        subscription.put("cancel_at_period_end", false);
        subscription.putNull("canceled_at");
        subscription.put("collection_method", "charge_automatically");
        subscription.put("currency", session.get("currency").asString());
        subscription.put("customer", customer.get("id").asString());
        subscription.putNull("description");
        subscription.putNull("ended_at");
        subscription.set("items", itemList(subscriptionId, items));
        subscription.set("metadata", state.checkoutSubscriptionMetadata.get(sessionId).deepCopy());
        subscription.put("start_date", start);
        subscription.put("status", "active");
        subscription.putNull("trial_end");
        subscription.putNull("trial_start");
        state.subscriptions.put(subscriptionId, subscription);

        ObjectNode invoice = newInvoice(subscription, "subscription_create", true, start, start);
        subscription.put("latest_invoice", invoice.get("id").asString());

        session.put("status", "complete");
        session.put("payment_status", "paid");
        session.put("customer", customer.get("id").asString());
        session.put("subscription", subscriptionId);
        session.putNull("url");

        List<Future<StubEvent.Delivery>> deliveries = new ArrayList<>();
        deliveries.add(webhooks.publish("checkout.session.completed", session, null));
        deliveries.add(webhooks.publish("customer.subscription.created", subscription, null));
        deliveries.add(webhooks.publish("invoice.paid", invoice, null));
        return new Outcome(subscription, deliveries);
    }

    /** A renewal that failed: an open invoice for the current period, the subscription past_due. */
    Outcome failPayment(String subscriptionId) {
        ObjectNode subscription = state.subscription(subscriptionId);
        String status = subscription.get("status").asString();
        if (status.equals("canceled") || status.startsWith("incomplete")) {
            throw StripeError.invalid("id", "Subscription " + subscriptionId + " is " + status + "; only a live subscription can fail a payment.");
        }
        JsonNode firstItem = subscription.path("items").path("data").path(0);
        ObjectNode invoice = newInvoice(subscription, "subscription_cycle", false,
                firstItem.path("current_period_start").asLong(), firstItem.path("current_period_end").asLong());
        ObjectNode before = subscription.deepCopy();
        subscription.put("status", "past_due");
        subscription.put("latest_invoice", invoice.get("id").asString());
        List<Future<StubEvent.Delivery>> deliveries = new ArrayList<>();
        deliveries.add(webhooks.publish("invoice.payment_failed", invoice, null));
        deliveries.add(webhooks.publish("customer.subscription.updated", subscription, changed(before, subscription)));
        return new Outcome(subscription, deliveries);
    }

    /** Canceled now (not at period end), as {@code DELETE /v1/subscriptions/{id}} does. */
    Outcome cancel(String subscriptionId) {
        ObjectNode subscription = state.subscription(subscriptionId);
        if ("canceled".equals(subscription.get("status").asString())) {
            throw StripeError.invalid("id", "This subscription is already canceled (" + subscriptionId + ").");
        }
        long now = StubState.now();
        subscription.put("status", "canceled");
        subscription.put("canceled_at", now);
        subscription.put("ended_at", now);
        subscription.put("cancel_at_period_end", false);
        List<Future<StubEvent.Delivery>> deliveries = new ArrayList<>();
        deliveries.add(webhooks.publish("customer.subscription.deleted", subscription, null));
        return new Outcome(subscription, deliveries);
    }

    /** Queues {@code customer.subscription.updated} for a change made through the API (not awaited). */
    void updated(ObjectNode before, ObjectNode subscription) {
        webhooks.publish("customer.subscription.updated", subscription, changed(before, subscription));
    }

    ObjectNode newItem(String subscriptionId, ObjectNode price, Long quantity, long periodStart) {
        ObjectNode item = StubState.newObject("si", "subscription_item");
        item.put("current_period_start", periodStart);
        item.put("current_period_end", periodEnd(periodStart, price));
        item.putArray("discounts");
        item.putObject("metadata");
        item.set("price", price.deepCopy());
        if (quantity != null) {
            item.put("quantity", quantity);
        }
        item.put("subscription", subscriptionId);
        item.putArray("tax_rates");
        return item;
    }

    static ObjectNode itemList(String subscriptionId, ArrayNode items) {
        ObjectNode list = Json.object();
        list.put("object", "list");
        list.set("data", items);
        list.put("has_more", false);
        list.put("total_count", items.size());
        list.put("url", "/v1/subscription_items?subscription=" + subscriptionId);
        return list;
    }

    /** The top-level fields of {@code after} that differ from {@code before}, with their old values. */
    static ObjectNode changed(ObjectNode before, ObjectNode after) {
        ObjectNode previous = Json.object();
        after.properties().forEach(entry -> {
            JsonNode old = before.get(entry.getKey());
            if (old == null || !old.equals(entry.getValue())) {
                previous.set(entry.getKey(), old == null ? null : old.deepCopy());
            }
        });
        return previous;
    }

    private static long periodEnd(long start, ObjectNode price) {
        JsonNode recurring = price.path("recurring");
        ZonedDateTime from = Instant.ofEpochSecond(start).atZone(ZoneOffset.UTC);
        long count = recurring.path("interval_count").asLong(1);
        ZonedDateTime to = switch (recurring.path("interval").asString("month")) {
            case "day" -> from.plusDays(count);
            case "week" -> from.plusWeeks(count);
            case "year" -> from.plusYears(count);
            default -> from.plusMonths(count);
        };
        return to.toEpochSecond();
    }

    private ObjectNode customerOf(ObjectNode session) {
        String customerId = Json.text(session, "customer");
        if (customerId != null) {
            return state.customer(customerId);
        }
        ObjectNode customer = Customers.newCustomer(Json.object());
        state.customers.put(customer.get("id").asString(), customer);
        return customer;
    }

    private ObjectNode newInvoice(ObjectNode subscription, String reason, boolean paid, long periodStart, long periodEnd) {
        ObjectNode customer = state.customer(subscription.get("customer").asString());
        ObjectNode invoice = StubState.newObject("in", "invoice");
        String invoiceId = invoice.get("id").asString();
        long now = invoice.get("created").asLong();
        ArrayNode lines = Json.array();
        long total = 0;
        for (JsonNode item : subscription.path("items").path("data")) {
            ObjectNode line = invoiceLine(invoiceId, subscription, item);
            lines.add(line);
            total += line.get("amount").asLong();
        }
        invoice.put("account_name", "Tracehound (development Stripe stub)");
        invoice.put("amount_due", total);
        invoice.put("amount_paid", paid ? total : 0);
        invoice.put("amount_remaining", paid ? 0 : total);
        invoice.put("attempt_count", 1);
        invoice.put("attempted", true);
        invoice.put("auto_advance", !paid);
        invoice.put("billing_reason", reason);
        invoice.put("collection_method", "charge_automatically");
        invoice.put("currency", subscription.get("currency").asString());
        invoice.put("customer", customer.get("id").asString());
        invoice.set("customer_email", customer.get("email"));
        invoice.set("customer_name", customer.get("name"));
        invoice.put("hosted_invoice_url", state.baseUrl() + "/invoices/" + invoiceId);
        invoice.put("invoice_pdf", state.baseUrl() + "/invoices/" + invoiceId + "/pdf");
        ObjectNode lineList = invoice.putObject("lines");
        lineList.put("object", "list");
        lineList.set("data", lines);
        lineList.put("has_more", false);
        lineList.put("total_count", lines.size());
        lineList.put("url", "/v1/invoices/" + invoiceId + "/lines");
        invoice.putObject("metadata");
        invoice.put("number", state.nextInvoiceNumber(customer));
        ObjectNode parent = invoice.putObject("parent");
        parent.putNull("quote_details");
        ObjectNode details = parent.putObject("subscription_details");
        details.set("metadata", subscription.get("metadata").deepCopy());
        details.put("subscription", subscription.get("id").asString());
        parent.put("type", "subscription_details");
        invoice.put("period_end", periodEnd);
        invoice.put("period_start", periodStart);
        invoice.put("status", paid ? "paid" : "open");
        ObjectNode transitions = invoice.putObject("status_transitions");
        transitions.put("finalized_at", now);
        transitions.putNull("marked_uncollectible_at");
        if (paid) {
            transitions.put("paid_at", now);
        } else {
            transitions.putNull("paid_at");
        }
        transitions.putNull("voided_at");
        invoice.put("subtotal", total);
        invoice.put("total", total);
        state.invoices.put(invoiceId, invoice);
        return invoice;
    }

    private ObjectNode invoiceLine(String invoiceId, ObjectNode subscription, JsonNode item) {
        JsonNode price = item.get("price");
        boolean metered = "metered".equals(price.path("recurring").path("usage_type").asString());
        long start = item.get("current_period_start").asLong();
        long end = item.get("current_period_end").asLong();
        BigDecimal quantity = metered
                ? usage(subscription.get("customer").asString(), price.path("recurring").path("meter").asString(), start, end)
                : BigDecimal.valueOf(item.path("quantity").asLong(1));
        BigDecimal unit = new BigDecimal(price.path("unit_amount_decimal").asString("0"));
        ObjectNode line = StubState.newObject("il", "line_item");
        line.remove("created");
        line.put("amount", unit.multiply(quantity).setScale(0, RoundingMode.HALF_UP).longValueExact());
        line.put("currency", price.path("currency").asString("usd"));
        line.put("description", quantity.toPlainString() + " × " + Pages.productName(state, price));
        line.put("invoice", invoiceId);
        line.putObject("metadata");
        ObjectNode parent = line.putObject("parent");
        ObjectNode details = parent.putObject("subscription_item_details");
        details.putNull("invoice_item");
        details.put("proration", false);
        details.put("subscription", subscription.get("id").asString());
        details.put("subscription_item", item.get("id").asString());
        parent.put("type", "subscription_item_details");
        ObjectNode period = line.putObject("period");
        period.put("end", end);
        period.put("start", start);
        ObjectNode pricing = line.putObject("pricing");
        ObjectNode priceDetails = pricing.putObject("price_details");
        priceDetails.put("price", price.get("id").asString());
        priceDetails.put("product", price.get("product").asString());
        pricing.put("type", "price_details");
        pricing.put("unit_amount_decimal", unit.toPlainString());
        line.put("quantity", quantity.setScale(0, RoundingMode.HALF_UP).longValue());
        return line;
    }

    /** The sum of the meter's events for the customer in [from, to), read with the meter's payload keys. */
    private BigDecimal usage(String customerId, String meterId, long from, long to) {
        ObjectNode meter = state.meters.get(meterId);
        if (meter == null) {
            return BigDecimal.ZERO;
        }
        String customerKey = meter.path("customer_mapping").path("event_payload_key").asString();
        String valueKey = meter.path("value_settings").path("event_payload_key").asString();
        String eventName = meter.get("event_name").asString();
        BigDecimal sum = BigDecimal.ZERO;
        for (ObjectNode event : state.meterEvents.values()) {
            long at = event.get("timestamp").asLong();
            if (event.get("event_name").asString().equals(eventName) && at >= from && at < to
                    && customerId.equals(event.path("payload").path(customerKey).asString())) {
                sum = sum.add(new BigDecimal(event.path("payload").path(valueKey).asString("0")));
            }
        }
        return sum;
    }
}
