package dev.tracehound.platform.billing.stripe;

import com.stripe.model.Invoice;
import dev.tracehound.platform.billing.WorkspacePlan;
import dev.tracehound.platform.billing.WorkspacePlans;
import dev.tracehound.platform.identity.Actor;
import dev.tracehound.platform.identity.Memberships;
import dev.tracehound.platform.usage.UsageReports;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * Billing with Stripe, the one door to it: a workspace's billing status and invoices, choosing a
 * plan (Checkout or a subscription change), the customer portal, Stripe's webhooks, and what is
 * sent to Stripe on a schedule (seat quantities, overage). Without a secret key it is off: the
 * status says so and every action throws {@link BillingNotConfiguredException}.
 */
public final class StripeBilling {

    private static final System.Logger log = System.getLogger(StripeBilling.class.getName());

    private final StripeSettings settings;
    private final WorkspacePlans plans;
    private final Memberships memberships;
    private final BillingAccounts accounts;
    private final StripeGateway stripe;
    private final StripeCatalogue catalogue;
    private final PlanChanges changes;
    private final StripeWebhooks webhooks;
    private final SubscriptionUsage subscriptionUsage;
    private final SubscriptionSync sync;

    /** @param planChanged told of each workspace whose plan a Stripe change moved (to forget cached plans) */
    public StripeBilling(StripeSettings settings, DataSource dataSource, WorkspacePlans plans, Memberships memberships,
            UsageReports usage, Consumer<UUID> planChanged, Clock clock) {
        this.settings = settings;
        this.plans = plans;
        this.memberships = memberships;
        this.accounts = new BillingAccounts(dataSource);
        this.stripe = settings.enabled() ? new StripeGateway(settings) : null;
        this.catalogue = new StripeCatalogue(stripe, plans.catalogue());
        this.sync = new SubscriptionSync(stripe, accounts, plans, planChanged, settings, clock);
        this.changes = new PlanChanges(stripe, catalogue, sync, accounts, plans, memberships, clock);
        this.webhooks = new StripeWebhooks(stripe, accounts, sync, clock);
        this.subscriptionUsage = new SubscriptionUsage(stripe, accounts, plans, memberships, usage, clock);
    }

    public boolean enabled() {
        return settings.enabled();
    }

    /** Pushes the plans' prices to Stripe if missing (at start-up; a failure is logged and retried at checkout). */
    public void pushCatalogue() {
        if (enabled()) {
            catalogue.pushAll();
        }
    }

    public BillingStatus status(UUID workspace) {
        WorkspacePlan plan = plans.of(workspace);
        long seats = memberships.seatsUsed(workspace);
        Optional<BillingAccount> account = accounts.ofWorkspace(workspace);
        var subscription = account.flatMap(a -> a.subscriptionId().map(id -> new BillingStatus.Subscription(id,
                a.subscriptionStatus().orElse("unknown"), a.currentPeriodEnd(), a.cancelAtPeriodEnd())));
        return new BillingStatus(enabled(), plan, seats,
                account.map(BillingAccount::seatsBilled).orElse(java.util.OptionalInt.empty()), account.isPresent(),
                subscription);
    }

    /**
     * Puts the workspace on {@code plan}: through Checkout when it has no subscription, else by
     * changing (or, for the free plan, canceling) the subscription in Stripe first.
     *
     * @throws IllegalArgumentException    no such plan
     * @throws StripeUnavailableException Stripe did not answer; the plan did not change
     */
    public PlanChoice choosePlan(Actor actor, UUID workspace, String workspaceName, String plan, ReturnUrls urls) {
        requireEnabled();
        return changes.choose(actor, workspace, workspaceName, plan, urls);
    }

    /** A customer portal session's URL, where the owner manages payment methods and reads invoices. */
    public URI portal(UUID workspace, String workspaceName, String returnUrl) {
        requireEnabled();
        return changes.portal(workspace, workspaceName, returnUrl);
    }

    /** The workspace's invoices, newest first; none before its first checkout. */
    public List<InvoiceLine> invoices(UUID workspace) {
        requireEnabled();
        return accounts.ofWorkspace(workspace).map(a -> stripe.invoices(a.customerId()).stream()
                .map(StripeBilling::line).toList()).orElse(List.of());
    }

    /** @see StripeWebhooks#handle */
    public WebhookOutcome webhook(String payload, String signatureHeader) {
        requireEnabled();
        return webhooks.handle(payload, signatureHeader);
    }

    /** Seat quantities and overage to Stripe; returns the seat changes and meter events sent. */
    public int sendUsage() {
        if (!enabled()) {
            return 0;
        }
        return subscriptionUsage.syncSeats() + subscriptionUsage.reportOverage();
    }

    /**
     * Reads every subscribed workspace's subscriptions from Stripe and puts its plan in line: what
     * a missed webhook would have done (also a subscription Stripe no longer has). Returns how many
     * workspaces it read; one Stripe refuses is logged and skipped.
     *
     * @throws StripeUnavailableException Stripe did not answer; the next run tries again
     */
    public int reconcileAll() {
        if (!enabled()) {
            return 0;
        }
        int read = 0;
        for (BillingAccount account : accounts.subscribed()) {
            try {
                sync.reconcile(account);
                read++;
            } catch (IllegalStateException | IllegalArgumentException e) {
                log.log(System.Logger.Level.WARNING, "billing: workspace {0}''s subscription could not be read back: {1}",
                        account.workspaceId(), e.getMessage());
            }
        }
        return read;
    }

    private void requireEnabled() {
        if (!enabled()) {
            throw new BillingNotConfiguredException();
        }
    }

    private static InvoiceLine line(Invoice invoice) {
        String currency = invoice.getCurrency() == null ? "usd" : invoice.getCurrency();
        long cents = invoice.getTotal() == null ? 0 : invoice.getTotal();
        return new InvoiceLine(invoice.getId(), Optional.ofNullable(invoice.getNumber()),
                Optional.ofNullable(invoice.getStatus()).orElse("unknown"), BigDecimal.valueOf(cents, 2), currency,
                Instant.ofEpochSecond(invoice.getCreated() == null ? 0 : invoice.getCreated()),
                Optional.ofNullable(invoice.getPeriodStart()).map(Instant::ofEpochSecond),
                Optional.ofNullable(invoice.getPeriodEnd()).map(Instant::ofEpochSecond),
                Optional.ofNullable(invoice.getHostedInvoiceUrl()), Optional.ofNullable(invoice.getInvoicePdf()));
    }
}
