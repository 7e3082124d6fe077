package dev.tracehound.platform.billing;

import dev.tracehound.platform.SeatLimit;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/** The plan catalogue's file as written in the repository ({@code plans/plans-v1.json}). */
record PlanFile(String version, String updated, String currency, String defaultPlan, List<String> rules,
        List<Entry> plans) {

    static final String BUILT_IN = "/plans/plans-v1.json";

    private static final String UNLIMITED = "unlimited";
    private static final String RETENTION_DAYS = "retention_days";
    private static final String SEATS = "seats";
    private static final String SERVICES = "services";

    private static final JsonMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            // A misspelt limit must fail loudly, not leave a plan without it.
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    record Entry(String id, String name, BigDecimal monthlyUsd, BigDecimal seatUsd, Map<String, JsonNode> limits,
            Map<String, BigDecimal> overage) {}

    static PlanFile read(InputStream json, String where) {
        PlanFile file;
        try (json) {
            file = JSON.readValue(json, PlanFile.class);
        } catch (JacksonException e) {
            throw new IllegalStateException("the plan catalogue " + where + " is not valid: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the plan catalogue " + where, e);
        }
        if (file == null || file.version() == null || file.version().isBlank()) {
            throw new IllegalStateException("the plan catalogue " + where + " has no version");
        }
        if (!"USD".equals(file.currency())) {
            throw new IllegalStateException("the plan catalogue " + where + " must price in USD, not " + file.currency());
        }
        if (file.plans() == null || file.plans().isEmpty()) {
            throw new IllegalStateException("the plan catalogue " + where + " lists no plans");
        }
        return file;
    }

    static PlanFile builtIn() {
        InputStream json = PlanFile.class.getResourceAsStream(BUILT_IN);
        if (json == null) {
            throw new IllegalStateException("the plan catalogue " + BUILT_IN + " is missing from the platform jar");
        }
        return read(json, BUILT_IN);
    }

    /** Every plan, in file order; a plan that breaks a rule of the file names itself and the rule. */
    List<Plan> toPlans(String where) {
        return plans.stream().map(entry -> {
            try {
                return plan(entry);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("the plan catalogue " + where + ": " + e.getMessage(), e);
            }
        }).toList();
    }

    private Plan plan(Entry entry) {
        if (entry.id() == null || !entry.id().matches("[a-z][a-z0-9-]{0,39}")) {
            throw new IllegalArgumentException("a plan id is lower-case letters, digits and '-'; '" + entry.id() + "' is not");
        }
        if (entry.monthlyUsd() == null || entry.seatUsd() == null) {
            throw new IllegalArgumentException("plan " + entry.id() + " needs monthly_usd and seat_usd");
        }
        Map<String, JsonNode> limits = entry.limits() == null ? Map.of() : entry.limits();
        Set<String> known = new HashSet<>(Set.of(RETENTION_DAYS, SEATS, SERVICES));
        var perMonth = new EnumMap<Meter, OptionalLong>(Meter.class);
        for (Meter meter : Meter.values()) {
            known.add(meter.limitKey());
            OptionalLong limit = limit(entry.id(), limits, meter.limitKey());
            perMonth.put(meter, limit.isPresent()
                    ? OptionalLong.of(Math.multiplyExact(limit.getAsLong(), meter.perFileUnit())) : limit);
        }
        for (String key : limits.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException("plan " + entry.id() + " has an unknown limit '" + key + "'");
            }
        }
        OptionalLong retention = limit(entry.id(), limits, RETENTION_DAYS);
        if (retention.isEmpty()) {
            throw new IllegalArgumentException("plan " + entry.id() + " must keep telemetry a number of days, not "
                    + UNLIMITED);
        }
        OptionalLong seats = limit(entry.id(), limits, SEATS);
        OptionalLong services = limit(entry.id(), limits, SERVICES);
        var planLimits = new PlanLimits(perMonth, Math.toIntExact(retention.getAsLong()),
                seats.isEmpty() ? SeatLimit.UNLIMITED : SeatLimit.of(Math.toIntExact(seats.getAsLong())),
                services.isEmpty() ? OptionalInt.empty() : OptionalInt.of(Math.toIntExact(services.getAsLong())));
        return new Plan(entry.id(), entry.name() == null ? entry.id() : entry.name(), version, entry.monthlyUsd(),
                entry.seatUsd(), planLimits, overage(entry));
    }

    private static Map<Meter, BigDecimal> overage(Entry entry) {
        Map<Meter, BigDecimal> prices = new EnumMap<>(Meter.class);
        if (entry.overage() == null) {
            return prices;
        }
        Map<String, Meter> byKey = new HashMap<>();
        for (Meter meter : Meter.values()) {
            byKey.put(meter.overageKey(), meter);
        }
        entry.overage().forEach((key, price) -> {
            Meter meter = byKey.get(key);
            if (meter == null) {
                throw new IllegalArgumentException("plan " + entry.id() + " has an unknown overage price '" + key + "'");
            }
            if (price == null) {
                throw new IllegalArgumentException("plan " + entry.id() + " gives no number for " + key);
            }
            prices.put(meter, price);
        });
        return prices;
    }

    /** A whole number, or {@code "unlimited"} (empty); anything else, or nothing, is refused. */
    private static OptionalLong limit(String plan, Map<String, JsonNode> limits, String key) {
        JsonNode value = limits.get(key);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("plan " + plan + " has no " + key + " (a number or \"" + UNLIMITED + "\")");
        }
        if (value.isString() && UNLIMITED.equals(value.asString())) {
            return OptionalLong.empty();
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 0) {
            throw new IllegalArgumentException("plan " + plan + ": " + key + " is a whole number of at least 0 or \""
                    + UNLIMITED + "\", not " + value);
        }
        return OptionalLong.of(value.asLong());
    }
}
