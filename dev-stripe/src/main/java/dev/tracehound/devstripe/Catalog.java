package dev.tracehound.devstripe;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Prices, billing meters and meter events: {@code GET|POST /v1/prices}, {@code GET|POST /v1/billing/meters},
 * {@code POST /v1/billing/meter_events}. The checks are Stripe's, so a wrong request fails here as it would there.
 */
final class Catalog {

    /** Stripe takes meter events up to 35 days old and up to 5 minutes ahead. */
    private static final long OLDEST_EVENT_SECONDS = 35L * 24 * 3600;
    private static final long NEWEST_EVENT_SECONDS = 5 * 60;

    private static final System.Logger LOG = System.getLogger(Catalog.class.getName());

    private final StubState state;

    Catalog(StubState state) {
        this.state = state;
    }

    ObjectNode listPrices(ObjectNode form) {
        Set<String> lookupKeys = new HashSet<>();
        Json.list(form, "lookup_keys").forEach(key -> lookupKeys.add(key.asString()));
        if (lookupKeys.size() > 10) {
            throw StripeError.invalid("lookup_keys", "You may pass at most 10 lookup_keys (got " + lookupKeys.size() + ").");
        }
        Boolean active = Json.bool(form, "active");
        String currency = Json.text(form, "currency");
        String product = Json.text(form, "product");
        String type = Json.text(form, "type");
        return StubState.list("/v1/prices", state.prices, price ->
                (lookupKeys.isEmpty() || lookupKeys.contains(price.path("lookup_key").asString()))
                        && (active == null || active == price.get("active").asBoolean())
                        && (currency == null || currency.equals(price.get("currency").asString()))
                        && (product == null || product.equals(price.get("product").asString()))
                        && (type == null || type.equals(price.get("type").asString())),
                form);
    }

    ObjectNode createPrice(ObjectNode form) {
        String currency = Json.required(form, "currency").toLowerCase();
        Long unitAmount = Json.integer(form, "unit_amount");
        BigDecimal unitAmountDecimal = Json.decimal(form, "unit_amount_decimal");
        if (unitAmount != null && unitAmountDecimal != null) {
            throw StripeError.invalid("unit_amount", "You may only specify one of these parameters: unit_amount, unit_amount_decimal.");
        }
        if (unitAmount == null && unitAmountDecimal == null) {
            throw StripeError.missingParam("unit_amount");
        }
        if (unitAmount != null && unitAmount < 0 || unitAmountDecimal != null && unitAmountDecimal.signum() < 0) {
            throw StripeError.invalid("unit_amount", "Invalid non-negative integer");
        }
        if (unitAmountDecimal != null && unitAmountDecimal.stripTrailingZeros().scale() > 12) {
            throw StripeError.invalid("unit_amount_decimal", "Invalid decimal: " + Json.text(form, "unit_amount_decimal")
                    + "; unit_amount_decimal takes at most 12 decimal places.");
        }
        String decimalText = Json.text(form, "unit_amount_decimal");
        if (decimalText != null && decimalText.toUpperCase().contains("E")) {
            // Stripe documents a plain decimal string; Stripe Java writes a BigDecimal under 1e-6 as "5E-7".
            LOG.log(System.Logger.Level.WARNING, "unit_amount_decimal=" + decimalText + " is in exponent notation;"
                    + " Stripe documents a plain decimal string (send BigDecimal.toPlainString())");
        }
        ObjectNode price = StubState.newObject("price", "price");
        price.put("active", Json.bool(form, "active") != Boolean.FALSE);
        price.put("billing_scheme", "per_unit");
        price.put("currency", currency);
        price.putNull("custom_unit_amount");
        String lookupKey = Json.text(form, "lookup_key");
        if (lookupKey != null) {
            takeLookupKey(lookupKey, Json.bool(form, "transfer_lookup_key") == Boolean.TRUE);
        }
        price.put("lookup_key", lookupKey);
        price.putObject("metadata");
        Json.mergeMetadata(price, form);
        price.put("nickname", Json.text(form, "nickname"));
        price.put("product", product(form));
        JsonNode recurring = form.get("recurring");
        if (recurring != null && recurring.isObject()) {
            price.set("recurring", recurring(recurring));
            price.put("type", "recurring");
        } else {
            price.putNull("recurring");
            price.put("type", "one_time");
        }
        price.put("tax_behavior", Json.text(form, "tax_behavior") == null ? "unspecified" : Json.text(form, "tax_behavior"));
        price.putNull("tiers_mode");
        price.putNull("transform_quantity");
        BigDecimal decimal = unitAmount != null ? BigDecimal.valueOf(unitAmount) : unitAmountDecimal;
        if (decimal.stripTrailingZeros().scale() <= 0) {
            price.put("unit_amount", decimal.longValueExact());
        } else {
            price.putNull("unit_amount");
        }
        price.put("unit_amount_decimal", decimal.stripTrailingZeros().toPlainString());
        state.prices.put(price.get("id").asString(), price);
        return price.deepCopy();
    }

    private void takeLookupKey(String lookupKey, boolean transfer) {
        for (ObjectNode other : state.prices.values()) {
            if (lookupKey.equals(other.path("lookup_key").asString())) {
                if (!transfer) {
                    throw StripeError.invalid("lookup_key", "A price (`" + other.get("id").asString()
                            + "`) already uses that lookup key. Use transfer_lookup_key=true to move it to this price.");
                }
                other.putNull("lookup_key");
            }
        }
    }

    private String product(ObjectNode form) {
        String product = Json.text(form, "product");
        if (product != null) {
            if (!state.products.containsKey(product)) {
                throw StripeError.invalid("resource_missing", "product", "No such product: '" + product + "'");
            }
            return product;
        }
        JsonNode data = form.get("product_data");
        if (data == null || !data.isObject()) {
            throw StripeError.missingParam("product");
        }
        ObjectNode created = StubState.newObject("prod", "product");
        created.put("active", true);
        created.putObject("metadata");
        Json.mergeMetadata(created, data);
        created.put("name", Json.required(data, "name"));
        created.put("type", "service");
        created.put("updated", created.get("created").asLong());
        state.products.put(created.get("id").asString(), created);
        return created.get("id").asString();
    }

    private ObjectNode recurring(JsonNode form) {
        String interval = Json.required(form, "interval");
        if (!List.of("day", "week", "month", "year").contains(interval)) {
            throw StripeError.invalid("recurring[interval]", "Invalid recurring[interval]: must be one of day, week, month, or year");
        }
        String usageType = Json.text(form, "usage_type") == null ? "licensed" : Json.text(form, "usage_type");
        if (!List.of("licensed", "metered").contains(usageType)) {
            throw StripeError.invalid("recurring[usage_type]", "Invalid recurring[usage_type]: must be one of licensed or metered");
        }
        String meter = Json.text(form, "meter");
        if (usageType.equals("metered") && meter == null) {
            throw StripeError.invalid("recurring[meter]", "A metered price needs a billing meter: set recurring[meter].");
        }
        if (meter != null && !state.meters.containsKey(meter)) {
            throw StripeError.invalid("resource_missing", "recurring[meter]", "No such billing meter: '" + meter + "'");
        }
        ObjectNode recurring = Json.object();
        recurring.put("interval", interval);
        Long count = Json.integer(form, "interval_count");
        recurring.put("interval_count", count == null ? 1 : count);
        recurring.put("meter", meter);
        recurring.putNull("trial_period_days");
        recurring.put("usage_type", usageType);
        return recurring;
    }

    ObjectNode listMeters(ObjectNode form) {
        String status = Json.text(form, "status");
        return StubState.list("/v1/billing/meters", state.meters,
                meter -> status == null || status.equals(meter.get("status").asString()), form);
    }

    ObjectNode createMeter(ObjectNode form) {
        String eventName = Json.required(form, "event_name");
        String displayName = Json.required(form, "display_name");
        String formula = Json.required(form.path("default_aggregation"), "formula");
        if (!List.of("sum", "count", "last").contains(formula)) {
            throw StripeError.invalid("default_aggregation[formula]", "Invalid default_aggregation[formula]: must be one of count, last, or sum");
        }
        boolean taken = state.meters.values().stream().anyMatch(meter ->
                "active".equals(meter.get("status").asString()) && eventName.equals(meter.get("event_name").asString()));
        if (taken) {
            throw StripeError.invalid("event_name", "An active meter with event_name `" + eventName + "` already exists.");
        }
        ObjectNode meter = StubState.newObject("mtr", "billing.meter");
        ObjectNode mapping = meter.putObject("customer_mapping");
        mapping.put("event_payload_key", orDefault(form.path("customer_mapping"), "event_payload_key", "stripe_customer_id"));
        mapping.put("type", orDefault(form.path("customer_mapping"), "type", "by_id"));
        meter.putObject("default_aggregation").put("formula", formula);
        meter.put("display_name", displayName);
        meter.put("event_name", eventName);
        meter.putNull("event_time_window");
        meter.put("status", "active");
        meter.putObject("status_transitions").putNull("deactivated_at");
        meter.put("updated", meter.get("created").asLong());
        meter.putObject("value_settings").put("event_payload_key", orDefault(form.path("value_settings"), "event_payload_key", "value"));
        state.meters.put(meter.get("id").asString(), meter);
        return meter.deepCopy();
    }

    ObjectNode createMeterEvent(ObjectNode form) {
        String eventName = Json.required(form, "event_name");
        ObjectNode meter = state.meters.values().stream()
                .filter(m -> "active".equals(m.get("status").asString()) && eventName.equals(m.get("event_name").asString()))
                .findFirst()
                .orElseThrow(() -> StripeError.invalid("event_name", "No active meter was found with event_name `" + eventName + "`."));
        JsonNode payload = form.get("payload");
        if (payload == null || !payload.isObject()) {
            throw StripeError.missingParam("payload");
        }
        String customerKey = meter.path("customer_mapping").path("event_payload_key").asString();
        String valueKey = meter.path("value_settings").path("event_payload_key").asString();
        Json.required(payload, customerKey);
        String value = Json.required(payload, valueKey);
        try {
            new BigDecimal(value);
        } catch (NumberFormatException e) {
            throw StripeError.invalid("payload[" + valueKey + "]", "The value of payload[" + valueKey + "] must be a number: " + value);
        }
        long now = StubState.now();
        Long timestamp = Json.integer(form, "timestamp");
        if (timestamp != null && (timestamp < now - OLDEST_EVENT_SECONDS || timestamp > now + NEWEST_EVENT_SECONDS)) {
            throw StripeError.invalid("timestamp", "Timestamp must be within the past 35 calendar days or up to 5 minutes in the future.");
        }
        String identifier = Json.text(form, "identifier") == null ? UUID.randomUUID().toString() : Json.text(form, "identifier");
        if (state.meterEvents.containsKey(identifier)) {
            throw StripeError.final400("An event already exists with identifier " + identifier + ".");
        }
        ObjectNode event = Json.object();
        event.put("object", "billing.meter_event");
        event.put("created", now);
        event.put("event_name", eventName);
        event.put("identifier", identifier);
        event.put("livemode", false);
        event.set("payload", payload.deepCopy());
        event.put("timestamp", timestamp == null ? now : timestamp);
        state.meterEvents.put(identifier, event);
        return event.deepCopy();
    }

    private static String orDefault(JsonNode form, String name, String fallback) {
        String value = Json.text(form, name);
        return value == null ? fallback : value;
    }
}
