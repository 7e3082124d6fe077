package dev.tracehound.devstripe;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.Customer;
import com.stripe.model.Price;
import com.stripe.model.billing.Meter;
import com.stripe.model.checkout.Session;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.PriceCreateParams;
import com.stripe.param.billing.MeterCreateParams;
import com.stripe.param.checkout.SessionCreateParams;

/**
 * A plan's prices made through Stripe Java as the service makes them: a monthly base, a seat, and a
 * metered overage on a billing meter; a customer; a checkout session buying the three.
 */
record StubCatalogue(Meter meter, Price base, Price seat, Price overage, Customer customer) {

    static final String SECRET_KEY = "sk_test_dev_stripe_tests";
    static final String WEBHOOK_SECRET = "whsec_dev_stripe_tests";

    static StripeClient client(StripeStub stub) {
        return StripeClient.builder().setApiKey(SECRET_KEY).setApiBase(stub.apiBase()).build();
    }

    static StubCatalogue create(StripeClient stripe, String plan) throws StripeException {
        Meter meter = stripe.v1().billing().meters().create(MeterCreateParams.builder()
                .setDisplayName("Tracehound spans " + plan).setEventName("tracehound_spans_" + plan)
                .setDefaultAggregation(MeterCreateParams.DefaultAggregation.builder()
                        .setFormula(MeterCreateParams.DefaultAggregation.Formula.SUM).build())
                .setCustomerMapping(MeterCreateParams.CustomerMapping.builder()
                        .setType(MeterCreateParams.CustomerMapping.Type.BY_ID).setEventPayloadKey("stripe_customer_id").build())
                .setValueSettings(MeterCreateParams.ValueSettings.builder().setEventPayloadKey("value").build())
                .build());
        Price base = stripe.v1().prices().create(licensed(plan, "base", 1900L).build());
        Price seat = stripe.v1().prices().create(licensed(plan, "seat", 500L).build());
        Price overage = stripe.v1().prices().create(PriceCreateParams.builder().setCurrency("usd")
                .setLookupKey("tracehound_1_" + plan + "_spans").setUnitAmountDecimal(new java.math.BigDecimal("0.00005"))
                .setRecurring(PriceCreateParams.Recurring.builder().setInterval(PriceCreateParams.Recurring.Interval.MONTH)
                        .setUsageType(PriceCreateParams.Recurring.UsageType.METERED).setMeter(meter.getId()).build())
                .setProductData(PriceCreateParams.ProductData.builder().setName("Tracehound " + plan + " spans overage").build())
                .build());
        Customer customer = stripe.v1().customers().create(CustomerCreateParams.builder().setName("Acme " + plan)
                .setEmail("owner@acme.example").putMetadata("workspace", "ws-" + plan).build());
        return new StubCatalogue(meter, base, seat, overage, customer);
    }

    private static PriceCreateParams.Builder licensed(String plan, String part, long cents) {
        return PriceCreateParams.builder().setCurrency("usd").setUnitAmount(cents)
                .setLookupKey("tracehound_1_" + plan + "_" + part).putMetadata("plan", plan)
                .setRecurring(PriceCreateParams.Recurring.builder().setInterval(PriceCreateParams.Recurring.Interval.MONTH)
                        .setUsageType(PriceCreateParams.Recurring.UsageType.LICENSED).build())
                .setProductData(PriceCreateParams.ProductData.builder().setName("Tracehound " + plan + " " + part).build());
    }

    /** The checkout the service starts for a workspace without a subscription: base and seats with quantities, overage without. */
    Session checkout(StripeClient stripe, String plan, long seats) throws StripeException {
        return stripe.v1().checkout().sessions().create(SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.SUBSCRIPTION).setCustomer(customer.getId())
                .setClientReferenceId("ws-" + plan)
                .setSuccessUrl("http://localhost:5173/w/acme/billing?checkout=success&session={CHECKOUT_SESSION_ID}")
                .setCancelUrl("http://localhost:5173/w/acme/billing?checkout=canceled")
                .putMetadata("workspace", "ws-" + plan).putMetadata("plan", plan)
                .setSubscriptionData(SessionCreateParams.SubscriptionData.builder()
                        .putMetadata("workspace", "ws-" + plan).putMetadata("plan", plan).build())
                .addLineItem(SessionCreateParams.LineItem.builder().setPrice(base.getId()).setQuantity(1L).build())
                .addLineItem(SessionCreateParams.LineItem.builder().setPrice(seat.getId()).setQuantity(seats).build())
                .addLineItem(SessionCreateParams.LineItem.builder().setPrice(overage.getId()).build())
                .build());
    }
}
