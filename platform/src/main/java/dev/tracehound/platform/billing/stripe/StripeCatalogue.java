package dev.tracehound.platform.billing.stripe;

import com.stripe.model.Price;
import com.stripe.param.PriceCreateParams;
import com.stripe.param.billing.MeterCreateParams;
import dev.tracehound.platform.billing.Meter;
import dev.tracehound.platform.billing.Plan;
import dev.tracehound.platform.billing.Plans;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The plan catalogue's prices in Stripe, found by lookup key and pushed when missing (a price for
 * each plan's month, seat and overage, and a billing meter for each overage meter), so the plans
 * file stays the only place a price is written. Prices found are remembered; a price that changes
 * comes with a new catalogue version, hence new keys.
 */
final class StripeCatalogue {

    private static final System.Logger log = System.getLogger(StripeCatalogue.class.getName());
    private static final BigDecimal CENTS = BigDecimal.valueOf(100);

    private final StripeGateway stripe;
    private final Plans plans;
    private final Map<String, String> priceIds = new ConcurrentHashMap<>();
    private final Map<String, String> meterIds = new ConcurrentHashMap<>();

    StripeCatalogue(StripeGateway stripe, Plans plans) {
        this.stripe = stripe;
        this.plans = plans;
    }

    /** Pushes every plan's prices; Stripe unreachable now leaves it to the first checkout. */
    void pushAll() {
        try {
            for (Plan plan : plans.all()) {
                prices(plan);
            }
        } catch (StripeUnavailableException e) {
            log.log(System.Logger.Level.WARNING, "the plans'' prices were not checked in Stripe at start-up ({0}); "
                    + "they are looked up at the first checkout", e.getMessage());
        }
    }

    /** The Stripe price id of each part of {@code plan}, in {@link PriceKey#of} order; empty for free. */
    Map<PriceKey, String> prices(Plan plan) {
        List<PriceKey> keys = PriceKey.of(plan);
        List<String> missing = keys.stream().map(PriceKey::lookupKey).filter(k -> !priceIds.containsKey(k)).toList();
        if (!missing.isEmpty()) {
            for (Price price : stripe.prices(missing)) {
                priceIds.put(price.getLookupKey(), price.getId());
            }
            for (PriceKey key : keys) {
                priceIds.computeIfAbsent(key.lookupKey(), k -> create(plan, key).getId());
            }
        }
        Map<PriceKey, String> ids = new LinkedHashMap<>();
        keys.forEach(key -> ids.put(key, priceIds.get(key.lookupKey())));
        return ids;
    }

    private Price create(Plan plan, PriceKey key) {
        var params = PriceCreateParams.builder().setCurrency("usd").setLookupKey(key.lookupKey())
                .putMetadata("plan", plan.id()).putMetadata("catalogue", plan.version());
        var recurring = PriceCreateParams.Recurring.builder().setInterval(PriceCreateParams.Recurring.Interval.MONTH);
        String product = "Tracehound " + plan.name();
        switch (key.kind()) {
            case BASE -> params.setUnitAmount(cents(plan.monthlyUsd()))
                    .setRecurring(recurring.setUsageType(PriceCreateParams.Recurring.UsageType.LICENSED).build());
            case SEAT -> {
                params.setUnitAmount(cents(plan.seatUsd()))
                        .setRecurring(recurring.setUsageType(PriceCreateParams.Recurring.UsageType.LICENSED).build());
                product += " seat";
            }
            case OVERAGE -> {
                Meter meter = key.meter().orElseThrow();
                BigDecimal perUnit = plan.overagePrice(meter).orElseThrow().multiply(CENTS)
                        .divide(BigDecimal.valueOf(meter.billingUnit()), 12, RoundingMode.HALF_UP).stripTrailingZeros();
                // As a plain decimal string: Stripe Java would write 2.5E-8 for a BigDecimal, which Stripe's
                // decimal format does not allow.
                params.putExtraParam("unit_amount_decimal", perUnit.toPlainString()).setRecurring(recurring
                        .setUsageType(PriceCreateParams.Recurring.UsageType.METERED).setMeter(meterId(meter)).build());
                product += " " + meter.apiName().replace('_', ' ') + " overage";
            }
        }
        Price price = stripe.createPrice(params.setProductData(PriceCreateParams.ProductData.builder()
                .setName(product).build()).build());
        log.log(System.Logger.Level.INFO, "created Stripe price {0} ({1})", price.getId(), key.lookupKey());
        return price;
    }

    private String meterId(Meter meter) {
        String eventName = PriceKey.meterEventName(meter);
        if (meterIds.isEmpty()) {
            stripe.meters().forEach(m -> meterIds.put(m.getEventName(), m.getId()));
        }
        return meterIds.computeIfAbsent(eventName, name -> stripe.createMeter(MeterCreateParams.builder()
                .setDisplayName("Tracehound " + meter.apiName().replace('_', ' ')).setEventName(name)
                .setDefaultAggregation(MeterCreateParams.DefaultAggregation.builder()
                        .setFormula(MeterCreateParams.DefaultAggregation.Formula.SUM).build())
                .setCustomerMapping(MeterCreateParams.CustomerMapping.builder()
                        .setType(MeterCreateParams.CustomerMapping.Type.BY_ID)
                        .setEventPayloadKey("stripe_customer_id").build())
                .setValueSettings(MeterCreateParams.ValueSettings.builder().setEventPayloadKey("value").build())
                .build()).getId());
    }

    private static long cents(BigDecimal usd) {
        return usd.multiply(CENTS).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }
}
