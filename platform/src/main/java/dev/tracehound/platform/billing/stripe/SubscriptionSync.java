package dev.tracehound.platform.billing.stripe;

import dev.tracehound.platform.billing.WorkspacePlan;
import dev.tracehound.platform.billing.WorkspacePlans;
import dev.tracehound.platform.identity.Actor;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Brings a workspace's plan in line with its subscription as Stripe has it now. It always fetches
 * the subscriptions, never trusts what an event says nor the order events came in, so running it
 * for any event, twice, or for events out of order ends in the same plan; a change writes one
 * PLAN_CHANGED audit row, a repeat none.
 *
 * <ul>
 *   <li>a live subscription: its plan, active; or past due when a payment is owed, keeping its limits
 *       until the grace ends (the first failure starts the grace, later ones do not extend it);</li>
 *   <li>none live but one that ended: that plan, canceled, so the default plan's limits apply;</li>
 *   <li>no subscription of ours at all (a checkout never paid): the plan is left as it is.</li>
 * </ul>
 */
final class SubscriptionSync {

    private static final System.Logger log = System.getLogger(SubscriptionSync.class.getName());

    private final StripeGateway stripe;
    private final BillingAccounts accounts;
    private final WorkspacePlans plans;
    private final Consumer<UUID> planChanged;
    private final StripeSettings settings;
    private final Clock clock;

    SubscriptionSync(StripeGateway stripe, BillingAccounts accounts, WorkspacePlans plans, Consumer<UUID> planChanged,
            StripeSettings settings, Clock clock) {
        this.stripe = stripe;
        this.accounts = accounts;
        this.plans = plans;
        this.planChanged = planChanged;
        this.settings = settings;
        this.clock = clock;
    }

    /** @throws StripeUnavailableException Stripe did not answer; nothing was changed */
    WorkspacePlan reconcile(BillingAccount account) {
        SubscriptionState state = SubscriptionState.of(stripe.subscriptions(account.customerId()));
        return apply(account.workspaceId(), state);
    }

    private WorkspacePlan apply(UUID workspace, SubscriptionState state) {
        Instant now = clock.instant();
        accounts.mirror(workspace, state, now);
        WorkspacePlan before = plans.of(workspace);
        if (!state.knowsAnything()) {
            return before;
        }
        WorkspacePlan after;
        if (state.current().isPresent()) {
            SubscriptionState.Current live = state.current().get();
            if (live.owing()) {
                Instant graceUntil = before.status() == WorkspacePlan.Status.PAST_DUE
                        && before.plan().id().equals(live.plan()) && before.graceUntil().isPresent()
                        ? before.graceUntil().get() : now.plus(settings.grace());
                after = plans.change(Actor.system(), workspace, live.plan(), WorkspacePlan.Status.PAST_DUE, graceUntil);
                if (before.status() != WorkspacePlan.Status.PAST_DUE) {
                    log.log(System.Logger.Level.WARNING, "workspace {0}: a payment for its {1} plan failed "
                            + "(subscription {2} is {3}); its limits hold until {4}, then the {5} plan''s apply "
                            + "unless the payment succeeds", workspace, live.plan(), live.id(), live.stripeStatus(),
                            graceUntil, plans.catalogue().defaultPlan().id());
                }
            } else {
                after = plans.change(Actor.system(), workspace, live.plan());
            }
        } else {
            String ended = state.lastEnded().map(SubscriptionState.Current::plan).orElseThrow();
            after = plans.change(Actor.system(), workspace, ended, WorkspacePlan.Status.CANCELED, null);
        }
        // WorkspacePlans.change stamps a new changedAt only when something changed.
        if (!after.changedAt().equals(before.changedAt())) {
            planChanged.accept(workspace);
        }
        return after;
    }
}
