package dev.tracehound.platform.billing.stripe;

import com.stripe.param.SubscriptionUpdateParams;
import com.stripe.param.checkout.SessionCreateParams;
import dev.tracehound.platform.billing.Plan;
import dev.tracehound.platform.billing.WorkspacePlans;
import dev.tracehound.platform.identity.Actor;
import dev.tracehound.platform.identity.Memberships;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A workspace admin choosing a plan. Without a subscription a paid plan goes through Checkout; with
 * one, the subscription's prices are swapped (prorated) or, for the free plan, it is canceled.
 * Either way Stripe is changed first and the plan read back from it ({@link SubscriptionSync}), so a
 * failure at any step leaves the plan as it was: never half-changed.
 */
final class PlanChanges {

    private static final System.Logger log = System.getLogger(PlanChanges.class.getName());

    private final StripeGateway stripe;
    private final StripeCatalogue catalogue;
    private final SubscriptionSync sync;
    private final BillingAccounts accounts;
    private final WorkspacePlans plans;
    private final Memberships memberships;
    private final Clock clock;

    PlanChanges(StripeGateway stripe, StripeCatalogue catalogue, SubscriptionSync sync, BillingAccounts accounts,
            WorkspacePlans plans, Memberships memberships, Clock clock) {
        this.stripe = stripe;
        this.catalogue = catalogue;
        this.sync = sync;
        this.accounts = accounts;
        this.plans = plans;
        this.memberships = memberships;
        this.clock = clock;
    }

    PlanChoice choose(Actor actor, UUID workspace, String workspaceName, String planId, ReturnUrls urls) {
        Plan plan = plans.catalogue().byId(planId).orElseThrow(() -> new IllegalArgumentException("no plan '" + planId
                + "'; the plans are " + plans.catalogue().all().stream().map(Plan::id).collect(Collectors.joining(", "))));
        BillingAccount account = customer(workspace, workspaceName);
        SubscriptionState state = SubscriptionState.of(stripe.subscriptions(account.customerId()));
        Map<PriceKey, String> prices = catalogue.prices(plan);
        if (state.current().isEmpty()) {
            if (prices.isEmpty()) {
                return new PlanChoice.Changed(plans.change(actor, workspace, plan.id()));
            }
            return new PlanChoice.Checkout(checkout(account, plan, prices, urls));
        }
        SubscriptionState.Current live = state.current().get();
        if (!live.plan().equals(plan.id())) {
            if (prices.isEmpty()) {
                stripe.cancelSubscription(live.id());
            } else {
                stripe.updateSubscription(live.id(), swap(live, plan, prices, account),
                        "plan:" + live.id() + ":" + live.plan() + "->" + plan.id() + ":" + UUID.randomUUID());
            }
        }
        return new PlanChoice.Changed(sync.reconcile(account));
    }

    URI portal(UUID workspace, String workspaceName, String returnUrl) {
        return URI.create(stripe.createPortal(customer(workspace, workspaceName).customerId(), returnUrl).getUrl());
    }

    /**
     * The workspace's Stripe customer: made at its first checkout, and made again when Stripe no
     * longer has the one linked (deleted in the dashboard, another account's keys, a reset stub), so
     * the workspace starts over instead of failing on a customer that is gone.
     */
    private BillingAccount customer(UUID workspace, String workspaceName) {
        var linked = accounts.ofWorkspace(workspace);
        if (linked.isEmpty()) {
            return accounts.link(workspace, stripe.createCustomer(workspace, workspaceName).getId());
        }
        String customer = linked.get().customerId();
        if (stripe.customer(customer).isPresent()) {
            return linked.get();
        }
        String replacement = stripe.replaceCustomer(workspace, workspaceName, customer).getId();
        log.log(System.Logger.Level.WARNING, "workspace {0}: Stripe has no customer {1} any more; linked to a new "
                + "customer {2}", workspace, customer, replacement);
        return accounts.relink(workspace, customer, replacement, clock.instant());
    }

    private URI checkout(BillingAccount account, Plan plan, Map<PriceKey, String> prices, ReturnUrls urls) {
        var params = SessionCreateParams.builder().setMode(SessionCreateParams.Mode.SUBSCRIPTION)
                .setCustomer(account.customerId()).setClientReferenceId(account.workspaceId().toString())
                .setSuccessUrl(urls.success()).setCancelUrl(urls.canceled())
                .putMetadata("workspace", account.workspaceId().toString()).putMetadata("plan", plan.id())
                .setSubscriptionData(SessionCreateParams.SubscriptionData.builder()
                        .putMetadata("workspace", account.workspaceId().toString()).putMetadata("plan", plan.id()).build());
        prices.forEach((key, price) -> {
            var item = SessionCreateParams.LineItem.builder().setPrice(price);
            if (key.kind() != PriceKey.Kind.OVERAGE) {
                item.setQuantity(quantity(key, account));
            }
            params.addLineItem(item.build());
        });
        return URI.create(stripe.createCheckout(params.build()).getUrl());
    }

    private SubscriptionUpdateParams swap(SubscriptionState.Current live, Plan plan, Map<PriceKey, String> prices,
            BillingAccount account) {
        var params = SubscriptionUpdateParams.builder()
                .setProrationBehavior(SubscriptionUpdateParams.ProrationBehavior.CREATE_PRORATIONS)
                .putMetadata("plan", plan.id());
        for (SubscriptionState.Item item : live.items()) {
            params.addItem(SubscriptionUpdateParams.Item.builder().setId(item.id()).setDeleted(true).build());
        }
        prices.forEach((key, price) -> {
            var item = SubscriptionUpdateParams.Item.builder().setPrice(price);
            if (key.kind() != PriceKey.Kind.OVERAGE) {
                item.setQuantity(quantity(key, account));
            }
            params.addItem(item.build());
        });
        return params.build();
    }

    private long quantity(PriceKey key, BillingAccount account) {
        return key.kind() == PriceKey.Kind.SEAT ? Math.max(1, memberships.seatsUsed(account.workspaceId())) : 1;
    }
}
