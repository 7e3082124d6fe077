package dev.tracehound.devstripe;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /v1/subscriptions}, {@code GET|POST|DELETE /v1/subscriptions/{id}} and
 * {@code POST /v1/subscription_items/{id}}. Changes queue {@code customer.subscription.updated}
 * (or {@code .deleted}) without waiting for its delivery.
 */
final class Subscriptions {

    private static final Set<String> STATUSES = Set.of("active", "all", "canceled", "ended", "incomplete",
            "incomplete_expired", "past_due", "paused", "trialing", "unpaid");
    private static final Set<String> PRORATION_BEHAVIORS = Set.of("always_invoice", "create_prorations", "none");

    private final StubState state;
    private final Billing billing;

    Subscriptions(StubState state, Billing billing) {
        this.state = state;
        this.billing = billing;
    }

    ObjectNode list(ObjectNode form) {
        String customer = Json.text(form, "customer");
        String price = Json.text(form, "price");
        String status = Json.text(form, "status");
        if (status != null && !STATUSES.contains(status)) {
            throw StripeError.invalid("status", "Invalid status: must be one of " + String.join(", ", STATUSES.stream().sorted().toList()));
        }
        return state.expand(StubState.list("/v1/subscriptions", state.subscriptions, subscription ->
                (customer == null || customer.equals(subscription.get("customer").asString()))
                        && (price == null || items(subscription).valueStream().anyMatch(item -> price.equals(item.path("price").path("id").asString())))
                        && statusMatches(subscription.get("status").asString(), status),
                form), form);
    }

    /** Stripe lists subscriptions that are not canceled unless asked for {@code all} or one status. */
    private static boolean statusMatches(String actual, String asked) {
        if (asked == null) {
            return !actual.equals("canceled") && !actual.equals("incomplete_expired");
        }
        return switch (asked) {
            case "all" -> true;
            case "ended" -> actual.equals("canceled") || actual.equals("incomplete_expired");
            default -> asked.equals(actual);
        };
    }

    ObjectNode retrieve(String id, ObjectNode form) {
        return state.expand(state.subscription(id).deepCopy(), form);
    }

    /** Applied to a copy, kept only if the whole change is valid, as Stripe changes all or nothing. */
    ObjectNode update(String id, ObjectNode form) {
        ObjectNode current = state.subscription(id);
        List<JsonNode> changes = Json.list(form, "items");
        Boolean cancelAtPeriodEnd = Json.bool(form, "cancel_at_period_end");
        if ("canceled".equals(current.get("status").asString()) && (!changes.isEmpty() || cancelAtPeriodEnd != null)) {
            throw StripeError.invalid(null, "A canceled subscription can only update its cancellation_details and metadata.");
        }
        prorationBehavior(form);
        ObjectNode subscription = current.deepCopy();
        ArrayNode items = items(subscription);
        for (int index = 0; index < changes.size(); index++) {
            changeItem(subscription, items, changes.get(index), "items[" + index + "]");
        }
        if (items.isEmpty()) {
            throw StripeError.invalid("items", "A subscription needs at least one item; cancel it instead (DELETE /v1/subscriptions/" + id + ").");
        }
        Set<String> prices = new HashSet<>();
        for (JsonNode item : items) {
            String price = item.path("price").path("id").asString();
            if (!prices.add(price)) {
                throw StripeError.invalid("items", "Cannot add multiple subscription items with the same price: " + price);
            }
        }
        ((ObjectNode) subscription.get("items")).put("total_count", items.size());
        if (cancelAtPeriodEnd != null) {
            subscription.put("cancel_at_period_end", cancelAtPeriodEnd);
            if (cancelAtPeriodEnd) {
                subscription.put("cancel_at", items.get(0).path("current_period_end").asLong());
            } else {
                subscription.putNull("cancel_at");
            }
        }
        Json.mergeMetadata(subscription, form);
        keep(current, subscription);
        return state.expand(subscription.deepCopy(), form);
    }

    private void keep(ObjectNode before, ObjectNode after) {
        state.subscriptions.put(after.get("id").asString(), after);
        if (!before.equals(after)) {
            billing.updated(before, after);
        }
    }

    private void changeItem(ObjectNode subscription, ArrayNode items, JsonNode change, String where) {
        String itemId = Json.text(change, "id");
        String priceId = Json.text(change, "price");
        Long quantity = Json.integer(change, "quantity");
        if (itemId == null) {
            if (priceId == null) {
                throw StripeError.missingParam(param(where, "price"));
            }
            ObjectNode price = recurringPrice(priceId, where);
            checkQuantity(price, quantity, where);
            boolean metered = isMetered(price);
            ObjectNode item = billing.newItem(subscription.get("id").asString(), price,
                    metered ? null : quantity == null ? 1L : quantity, StubState.now());
            if (!items.isEmpty()) {
                item.set("current_period_start", items.get(0).get("current_period_start"));
                item.set("current_period_end", items.get(0).get("current_period_end"));
            }
            items.add(item);
            return;
        }
        int at = indexOf(items, itemId);
        if (at < 0) {
            throw StripeError.invalid("resource_missing", param(where, "id"),
                    "No such subscription item on " + subscription.get("id").asString() + ": '" + itemId + "'");
        }
        if (Json.bool(change, "deleted") == Boolean.TRUE) {
            items.remove(at);
            return;
        }
        ObjectNode item = (ObjectNode) items.get(at);
        applyToItem(item, priceId, quantity, where);
        Json.mergeMetadata(item, change);
    }

    ObjectNode updateItem(String itemId, ObjectNode form) {
        prorationBehavior(form);
        for (ObjectNode current : state.subscriptions.values()) {
            int at = indexOf(items(current), itemId);
            if (at < 0) {
                continue;
            }
            if ("canceled".equals(current.get("status").asString())) {
                throw StripeError.invalid(null, "A canceled subscription can only update its cancellation_details and metadata.");
            }
            ObjectNode subscription = current.deepCopy();
            ObjectNode item = (ObjectNode) items(subscription).get(at);
            applyToItem(item, Json.text(form, "price"), Json.integer(form, "quantity"), null);
            Json.mergeMetadata(item, form);
            keep(current, subscription);
            return item.deepCopy();
        }
        throw StripeError.noSuch("subscription item", itemId);
    }

    private void applyToItem(ObjectNode item, String priceId, Long quantity, String where) {
        ObjectNode price = priceId == null ? (ObjectNode) item.get("price") : recurringPrice(priceId, where);
        checkQuantity(price, quantity, where);
        if (priceId != null) {
            item.set("price", price.deepCopy());
            if (isMetered(price)) {
                item.remove("quantity");
            } else if (!item.has("quantity")) {
                item.put("quantity", 1);
            }
        }
        if (quantity != null) {
            item.put("quantity", quantity);
        }
    }

    ObjectNode delete(String id) {
        return billing.cancel(id).object().deepCopy();
    }

    /** A parameter's name inside {@code where} ({@code items[0][price]}), or alone when {@code where} is null. */
    private static String param(String where, String name) {
        return where == null ? name : where + "[" + name + "]";
    }

    private ObjectNode recurringPrice(String priceId, String where) {
        ObjectNode price = state.price(priceId);
        if (!"recurring".equals(price.get("type").asString())) {
            throw StripeError.invalid(param(where, "price"), "The price " + priceId + " is not recurring; a subscription item needs a recurring price.");
        }
        if (!price.get("active").asBoolean()) {
            throw StripeError.invalid(param(where, "price"), "The price specified is inactive. This field only accepts active prices.");
        }
        return price;
    }

    private static void checkQuantity(ObjectNode price, Long quantity, String where) {
        if (quantity != null && isMetered(price)) {
            throw StripeError.invalid(param(where, "quantity"), "Quantity should not be specified where usage_type is `metered`.");
        }
        if (quantity != null && quantity < 0) {
            throw StripeError.invalid(param(where, "quantity"), "Invalid non-negative integer");
        }
    }

    private static boolean isMetered(ObjectNode price) {
        return "metered".equals(price.path("recurring").path("usage_type").asString());
    }

    private static void prorationBehavior(ObjectNode form) {
        String behavior = Json.text(form, "proration_behavior");
        if (behavior != null && !PRORATION_BEHAVIORS.contains(behavior)) {
            throw StripeError.invalid("proration_behavior", "Invalid proration_behavior: must be one of always_invoice, create_prorations, or none");
        }
    }

    private static ArrayNode items(ObjectNode subscription) {
        return (ArrayNode) subscription.get("items").get("data");
    }

    private static int indexOf(ArrayNode items, String itemId) {
        for (int i = 0; i < items.size(); i++) {
            if (itemId.equals(items.get(i).get("id").asString())) {
                return i;
            }
        }
        return -1;
    }
}
