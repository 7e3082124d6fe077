package dev.tracehound.platform.billing.stripe;

import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.ApiException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.exception.StripeException;
import com.stripe.model.Customer;
import com.stripe.model.Event;
import com.stripe.model.Invoice;
import com.stripe.model.Price;
import com.stripe.model.Subscription;
import com.stripe.model.billing.Meter;
import com.stripe.net.RequestOptions;
import com.stripe.net.Webhook;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.InvoiceListParams;
import com.stripe.param.PriceCreateParams;
import com.stripe.param.PriceListParams;
import com.stripe.param.SubscriptionItemUpdateParams;
import com.stripe.param.SubscriptionListParams;
import com.stripe.param.SubscriptionUpdateParams;
import com.stripe.param.billing.MeterCreateParams;
import com.stripe.param.billing.MeterEventCreateParams;
import com.stripe.param.billing.MeterListParams;
import com.stripe.param.checkout.SessionCreateParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Every call this service makes to Stripe, through Stripe Java. Stripe Java retries what failed on
 * the network (with the same idempotency key); what still fails for reasons that may pass (no
 * answer, a 5xx, a rate limit) becomes {@link StripeUnavailableException}, anything else (a
 * refused request: a bug or a misconfigured account) {@link IllegalStateException}. Writes carry
 * idempotency keys so a retried call is done once.
 */
final class StripeGateway {

    /** Stripe takes at most ten lookup keys in one price list request. */
    private static final int LOOKUP_KEYS_PER_REQUEST = 10;

    private final StripeClient client;
    private final String webhookSecret;

    StripeGateway(StripeSettings settings) {
        this.client = StripeClient.builder()
                .setApiKey(settings.secretKey())
                .setApiBase(settings.apiBase().toString().replaceAll("/+$", ""))
                .setMaxNetworkRetries(2)
                .setConnectTimeout(5_000)
                .setReadTimeout(20_000)
                .build();
        this.webhookSecret = settings.webhookSecret();
    }

    /** A webhook's event, if its signature is Stripe's with this endpoint's secret and recent. */
    Event verify(String payload, String signatureHeader) throws SignatureVerificationException {
        return Webhook.constructEvent(payload, signatureHeader, webhookSecret);
    }

    List<Price> prices(List<String> lookupKeys) {
        List<Price> found = new ArrayList<>();
        for (int i = 0; i < lookupKeys.size(); i += LOOKUP_KEYS_PER_REQUEST) {
            List<String> chunk = lookupKeys.subList(i, Math.min(lookupKeys.size(), i + LOOKUP_KEYS_PER_REQUEST));
            found.addAll(call("list prices", () -> client.v1().prices().list(PriceListParams.builder()
                    .addAllLookupKey(chunk).setActive(true).setLimit(100L).build()).getData()));
        }
        return found;
    }

    Price createPrice(PriceCreateParams params) {
        return call("create price " + params.getLookupKey(), () -> client.v1().prices().create(params,
                idempotent("price:" + params.getLookupKey())));
    }

    List<Meter> meters() {
        return call("list billing meters", () -> client.v1().billing().meters()
                .list(MeterListParams.builder().setLimit(100L).build()).getData());
    }

    Meter createMeter(MeterCreateParams params) {
        return call("create billing meter " + params.getEventName(), () -> client.v1().billing().meters()
                .create(params, idempotent("meter:" + params.getEventName())));
    }

    Customer createCustomer(UUID workspace, String name) {
        var params = CustomerCreateParams.builder().setName(name).putMetadata("workspace", workspace.toString())
                .build();
        // One customer per workspace, even when two admins start a checkout at once: Stripe answers
        // a second create with this key with the first one's customer.
        return call("create customer", () -> client.v1().customers().create(params,
                idempotent("customer:" + workspace)));
    }

    /** The customer, or empty when Stripe has no such customer or it was deleted (another account, a reset stub). */
    Optional<Customer> customer(String id) {
        return call("read customer", () -> {
            try {
                Customer customer = client.v1().customers().retrieve(id);
                return Boolean.TRUE.equals(customer.getDeleted()) ? Optional.<Customer>empty() : Optional.of(customer);
            } catch (InvalidRequestException e) {
                if (missing(e)) {
                    return Optional.<Customer>empty();
                }
                throw e;
            }
        });
    }

    /** A new customer for a workspace whose customer Stripe no longer has; never the one it replaces. */
    Customer replaceCustomer(UUID workspace, String name, String gone) {
        var params = CustomerCreateParams.builder().setName(name).putMetadata("workspace", workspace.toString())
                .putMetadata("replaces", gone).build();
        return call("create customer", () -> client.v1().customers().create(params,
                idempotent("customer:" + workspace + ":replacing:" + gone)));
    }

    com.stripe.model.checkout.Session createCheckout(SessionCreateParams params) {
        return call("create checkout session", () -> client.v1().checkout().sessions().create(params,
                idempotent("checkout:" + UUID.randomUUID())));
    }

    com.stripe.model.billingportal.Session createPortal(String customer, String returnUrl) {
        var params = com.stripe.param.billingportal.SessionCreateParams.builder().setCustomer(customer)
                .setReturnUrl(returnUrl).build();
        return call("create portal session", () -> client.v1().billingPortal().sessions().create(params,
                idempotent("portal:" + UUID.randomUUID())));
    }

    /** The customer's subscriptions in every state, newest first as Stripe lists them; none for a customer it has not. */
    List<Subscription> subscriptions(String customer) {
        return call("list subscriptions", () -> {
            try {
                return client.v1().subscriptions().list(SubscriptionListParams.builder().setCustomer(customer)
                        .setStatus(SubscriptionListParams.Status.ALL).setLimit(20L).build()).getData();
            } catch (InvalidRequestException e) {
                if (missing(e)) {
                    return List.<Subscription>of();
                }
                throw e;
            }
        });
    }

    Subscription updateSubscription(String id, SubscriptionUpdateParams params, String idempotencyKey) {
        return call("update subscription", () -> client.v1().subscriptions().update(id, params,
                idempotent(idempotencyKey)));
    }

    Subscription cancelSubscription(String id) {
        return call("cancel subscription", () -> client.v1().subscriptions().cancel(id));
    }

    void setQuantity(String subscriptionItem, long quantity, String idempotencyKey) {
        var params = SubscriptionItemUpdateParams.builder().setQuantity(quantity).build();
        call("update the seat quantity", () -> client.v1().subscriptionItems().update(subscriptionItem, params,
                idempotent(idempotencyKey)));
    }

    /** One meter event; Stripe counts an {@code identifier} once, however often it is sent. */
    void meterEvent(String eventName, String customer, long value, String identifier, long timestampSeconds) {
        var params = MeterEventCreateParams.builder().setEventName(eventName)
                .putPayload("stripe_customer_id", customer).putPayload("value", Long.toString(value))
                .setIdentifier(identifier).setTimestamp(timestampSeconds).build();
        call("report usage to meter " + eventName, () -> client.v1().billing().meterEvents().create(params,
                idempotent("meter-event:" + identifier)));
    }

    List<Invoice> invoices(String customer) {
        return call("list invoices", () -> client.v1().invoices().list(InvoiceListParams.builder()
                .setCustomer(customer).setLimit(24L).build()).getData());
    }

    private static boolean missing(InvalidRequestException e) {
        return "resource_missing".equals(e.getCode());
    }

    private static RequestOptions idempotent(String key) {
        return RequestOptions.builder().setIdempotencyKey(key).build();
    }

    private interface StripeCall<T> {
        T call() throws StripeException;
    }

    private static <T> T call(String what, StripeCall<T> call) {
        try {
            return call.call();
        } catch (ApiConnectionException | RateLimitException e) {
            throw new StripeUnavailableException("Stripe did not answer (" + what + "): " + e.getMessage(), e);
        } catch (ApiException e) {
            throw new StripeUnavailableException("Stripe could not " + what + " now (HTTP " + e.getStatusCode()
                    + "): " + e.getMessage(), e);
        } catch (StripeException e) {
            if (e.getStatusCode() != null && e.getStatusCode() >= 500) {
                throw new StripeUnavailableException("Stripe could not " + what + " now (HTTP " + e.getStatusCode()
                        + ")", e);
            }
            throw new IllegalStateException("Stripe refused to " + what + " (HTTP " + e.getStatusCode() + ", "
                    + e.getCode() + "): " + e.getMessage(), e);
        }
    }
}
