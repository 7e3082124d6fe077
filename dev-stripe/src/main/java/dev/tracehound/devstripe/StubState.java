package dev.tracehound.devstripe;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Everything the stub holds, in memory: Stripe's objects as the JSON Stripe would answer, by id, in
 * the order they were made. One lock guards all of it; the maps are touched only inside
 * {@link #locked}, and answers leave as copies.
 */
final class StubState {

    private static final String ID_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    final Map<String, ObjectNode> customers = new LinkedHashMap<>();
    final Map<String, ObjectNode> products = new LinkedHashMap<>();
    final Map<String, ObjectNode> prices = new LinkedHashMap<>();
    final Map<String, ObjectNode> meters = new LinkedHashMap<>();
    final Map<String, ObjectNode> checkoutSessions = new LinkedHashMap<>();
    /** A checkout session's line items as asked for ({@code price}, {@code quantity}); Stripe returns them only expanded. */
    final Map<String, ArrayNode> checkoutLineItems = new LinkedHashMap<>();
    /** A checkout session's {@code subscription_data[metadata]}: the subscription's metadata once paid. */
    final Map<String, ObjectNode> checkoutSubscriptionMetadata = new LinkedHashMap<>();
    final Map<String, ObjectNode> portalSessions = new LinkedHashMap<>();
    final Map<String, ObjectNode> subscriptions = new LinkedHashMap<>();
    final Map<String, ObjectNode> invoices = new LinkedHashMap<>();
    /** Meter events by identifier, which Stripe keeps unique. */
    final Map<String, ObjectNode> meterEvents = new LinkedHashMap<>();
    private final Map<String, Integer> invoiceSequences = new LinkedHashMap<>();

    private final ReentrantLock lock = new ReentrantLock();
    private final String baseUrl;

    StubState(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** The stub's own address, for the URLs it hands out (checkout and portal pages, invoices). */
    String baseUrl() {
        return baseUrl;
    }

    <T> T locked(Supplier<T> work) {
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    static String newId(String prefix) {
        StringBuilder id = new StringBuilder(prefix).append('_');
        for (int i = 0; i < 24; i++) {
            id.append(ID_ALPHABET.charAt(RANDOM.nextInt(ID_ALPHABET.length())));
        }
        return id.toString();
    }

    static long now() {
        return Instant.now().getEpochSecond();
    }

    /** A new Stripe object: {@code id}, {@code object}, {@code created}, {@code livemode:false}. */
    static ObjectNode newObject(String prefix, String type) {
        ObjectNode object = Json.object();
        object.put("id", newId(prefix));
        object.put("object", type);
        object.put("created", now());
        object.put("livemode", false);
        return object;
    }

    /** The customer's next invoice number, as Stripe numbers them: {@code <invoice_prefix>-0001}. */
    String nextInvoiceNumber(ObjectNode customer) {
        int next = invoiceSequences.merge(customer.get("id").asString(), 1, Integer::sum);
        customer.put("next_invoice_sequence", next + 1);
        return customer.get("invoice_prefix").asString() + "-" + String.format("%04d", next);
    }

    ObjectNode customer(String id) {
        return found(customers, "customer", id);
    }

    ObjectNode price(String id) {
        return found(prices, "price", id);
    }

    ObjectNode subscription(String id) {
        return found(subscriptions, "subscription", id);
    }

    ObjectNode checkoutSession(String id) {
        return found(checkoutSessions, "checkout.session", id);
    }

    private static ObjectNode found(Map<String, ObjectNode> objects, String what, String id) {
        ObjectNode object = objects.get(id);
        if (object == null) {
            throw StripeError.noSuch(what, id);
        }
        return object;
    }

    /** Any object the stub holds, by its id; null if none. */
    ObjectNode find(String id) {
        for (Map<String, ObjectNode> objects : List.of(customers, products, prices, meters, checkoutSessions,
                portalSessions, subscriptions, invoices)) {
            ObjectNode object = objects.get(id);
            if (object != null) {
                return object;
            }
        }
        return null;
    }

    /**
     * A list answer over {@code objects} (newest first, as Stripe lists), filtered, paged by
     * {@code limit} (default 10, at most 100), {@code starting_after} and {@code ending_before}.
     */
    static ObjectNode list(String url, Map<String, ObjectNode> objects, Predicate<ObjectNode> filter, JsonNode form) {
        List<ObjectNode> newestFirst = new ArrayList<>(objects.values());
        Collections.reverse(newestFirst);
        List<ObjectNode> matching = newestFirst.stream().filter(filter).toList();
        Long limit = Json.integer(form, "limit");
        if (limit != null && (limit < 1 || limit > 100)) {
            throw StripeError.invalid("parameter_invalid_integer", "limit",
                    "This value must be greater than or equal to 1 and less than or equal to 100.");
        }
        int size = limit == null ? 10 : limit.intValue();
        String after = Json.text(form, "starting_after");
        String before = Json.text(form, "ending_before");
        int from = 0;
        int to = matching.size();
        if (after != null) {
            from = indexOf(matching, after) + 1;
        } else if (before != null) {
            to = indexOf(matching, before);
            from = Math.max(0, to - size);
        }
        List<ObjectNode> page = matching.subList(from, Math.min(to, from + size));
        ObjectNode list = Json.object();
        list.put("object", "list");
        ArrayNode data = list.putArray("data");
        page.forEach(object -> data.add(object.deepCopy()));
        list.put("has_more", before != null ? from > 0 : from + page.size() < to);
        list.put("url", url);
        return list;
    }

    private static int indexOf(List<ObjectNode> objects, String id) {
        for (int i = 0; i < objects.size(); i++) {
            if (objects.get(i).get("id").asString().equals(id)) {
                return i;
            }
        }
        throw StripeError.invalid("starting_after", "No such object: '" + id + "'");
    }

    /**
     * Stripe's {@code expand[]}: each dotted path names an id in {@code answer} (through lists'
     * {@code data}) that is replaced by the object it names.
     */
    ObjectNode expand(ObjectNode answer, JsonNode form) {
        for (JsonNode path : Json.list(form, "expand")) {
            expandPath(answer, List.of(path.asString().split("\\.")), 0);
        }
        return answer;
    }

    private void expandPath(JsonNode node, List<String> path, int at) {
        if (node == null || at >= path.size()) {
            return;
        }
        if (node.isArray()) {
            node.forEach(element -> expandPath(element, path, at));
            return;
        }
        if (!node.isObject()) {
            return;
        }
        ObjectNode object = (ObjectNode) node;
        JsonNode child = object.get(path.get(at));
        if (at == path.size() - 1) {
            if (child != null && child.isString()) {
                ObjectNode target = find(child.asString());
                if (target == null) {
                    throw StripeError.invalid("expand", "This property cannot be expanded (" + String.join(".", path) + ").");
                }
                object.set(path.get(at), target.deepCopy());
            }
            return;
        }
        expandPath(child, path, at + 1);
    }
}
