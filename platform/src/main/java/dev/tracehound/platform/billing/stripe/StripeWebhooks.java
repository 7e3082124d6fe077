package dev.tracehound.platform.billing.stripe;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Event;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stripe's webhook events: verified with Stripe's signature scheme, each processed once (its id is
 * stored with what became of it), in any order (the subscription is fetched, not read from the
 * event: {@link SubscriptionSync}). When Stripe cannot be asked for the subscription the event is
 * not recorded and the caller answers 503, so Stripe delivers it again.
 */
final class StripeWebhooks {

    private static final System.Logger log = System.getLogger(StripeWebhooks.class.getName());

    /** The events that may change a subscription's plan or status; any of them leads to a fresh read. */
    static final Set<String> HANDLED = Set.of("checkout.session.completed", "customer.subscription.created",
            "customer.subscription.updated", "customer.subscription.deleted", "customer.subscription.paused",
            "customer.subscription.resumed", "invoice.paid", "invoice.payment_failed");

    private final StripeGateway stripe;
    private final BillingAccounts accounts;
    private final SubscriptionSync sync;
    private final Clock clock;
    private final JsonMapper json = JsonMapper.builder().build();

    StripeWebhooks(StripeGateway stripe, BillingAccounts accounts, SubscriptionSync sync, Clock clock) {
        this.stripe = stripe;
        this.accounts = accounts;
        this.sync = sync;
        this.clock = clock;
    }

    /**
     * @throws WebhookSignatureException   the signature is missing, wrong or too old: nothing was read
     * @throws StripeUnavailableException the subscription could not be fetched: nothing was recorded
     */
    WebhookOutcome handle(String payload, String signatureHeader) {
        Event event;
        try {
            event = stripe.verify(payload, signatureHeader == null ? "" : signatureHeader);
        } catch (SignatureVerificationException e) {
            throw new WebhookSignatureException("the Stripe-Signature header does not match this endpoint's "
                    + "signing secret, or is older than Stripe's tolerance: " + e.getMessage(), e);
        }
        if (accounts.outcomeOf(event.getId()).isPresent()) {
            return WebhookOutcome.DUPLICATE;
        }
        Instant created = Instant.ofEpochSecond(event.getCreated() == null ? 0 : event.getCreated());
        if (!HANDLED.contains(event.getType())) {
            return record(event, null, WebhookOutcome.IGNORED, created);
        }
        Optional<String> customer = customerOf(payload);
        Optional<BillingAccount> account = customer.flatMap(accounts::ofCustomer);
        if (account.isEmpty()) {
            log.log(System.Logger.Level.WARNING, "Stripe event {0} ({1}) is for customer {2}, linked to no "
                    + "workspace: nothing changed", event.getId(), event.getType(), customer.orElse("(none)"));
            return record(event, null, WebhookOutcome.UNKNOWN_CUSTOMER, created);
        }
        sync.reconcile(account.get());
        return record(event, account.get(), WebhookOutcome.PROCESSED, created);
    }

    private WebhookOutcome record(Event event, BillingAccount account, WebhookOutcome outcome, Instant created) {
        boolean first = accounts.recordEvent(event.getId(), event.getType(),
                account == null ? null : account.workspaceId(), outcome.column(), created, clock.instant());
        return first ? outcome : WebhookOutcome.DUPLICATE;
    }

    /** The customer the event's object belongs to: its {@code customer} (an id, or an expanded object). */
    private Optional<String> customerOf(String payload) {
        JsonNode object = json.readTree(payload).path("data").path("object");
        JsonNode customer = object.path("customer");
        if (customer.isTextual()) {
            return Optional.of(customer.asText());
        }
        if (customer.isObject() && customer.path("id").isTextual()) {
            return Optional.of(customer.path("id").asText());
        }
        return Optional.empty();
    }
}
