package dev.tracehound.platform.billing.stripe;

import dev.tracehound.platform.billing.Plan;
import dev.tracehound.platform.billing.WorkspacePlans;
import dev.tracehound.platform.identity.Memberships;
import dev.tracehound.platform.usage.UsageReport;
import dev.tracehound.platform.usage.UsageReports;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;

/**
 * What a subscription is billed for beyond its plan's price, sent to Stripe on a schedule: the seat
 * item's quantity follows the seats in use, and usage past a plan's monthly limits goes to Stripe's
 * billing meters. Both are safe to repeat and to run on several instances: the quantity is set, not
 * added; a meter event carries an identifier made of what was reported before and what is now, so
 * Stripe counts it once however often it is sent, and only the growth since the last report is sent.
 */
final class SubscriptionUsage {

    private static final System.Logger log = System.getLogger(SubscriptionUsage.class.getName());

    private final StripeGateway stripe;
    private final BillingAccounts accounts;
    private final WorkspacePlans plans;
    private final Memberships memberships;
    private final UsageReports usage;
    private final Clock clock;

    SubscriptionUsage(StripeGateway stripe, BillingAccounts accounts, WorkspacePlans plans, Memberships memberships,
            UsageReports usage, Clock clock) {
        this.stripe = stripe;
        this.accounts = accounts;
        this.plans = plans;
        this.memberships = memberships;
        this.usage = usage;
        this.clock = clock;
    }

    /** Sets each subscription's seat quantity to the seats in use; returns how many it changed. */
    int syncSeats() {
        int changed = 0;
        for (BillingAccount account : accounts.subscribed()) {
            if (account.seatItemId().isEmpty()) {
                continue;
            }
            int inUse = (int) Math.max(1, memberships.seatsUsed(account.workspaceId()));
            if (account.seatsBilled().isPresent() && account.seatsBilled().getAsInt() == inUse) {
                continue;
            }
            String item = account.seatItemId().get();
            String before = account.seatsBilled().isPresent() ? Integer.toString(account.seatsBilled().getAsInt()) : "none";
            try {
                stripe.setQuantity(item, inUse, "seats:" + item + ":" + before + "->" + inUse + ":"
                        + account.updatedAt().toEpochMilli());
            } catch (IllegalStateException refused) {
                // One workspace's refusal (its subscription gone without our knowing) must not hold up the
                // others; the reconciliation reads its subscription back.
                log.log(System.Logger.Level.WARNING, "workspace {0}: Stripe refused its seat quantity: {1}",
                        account.workspaceId(), refused.getMessage());
                continue;
            }
            accounts.seatsBilled(account.workspaceId(), item, inUse, clock.instant());
            log.log(System.Logger.Level.INFO, "workspace {0}: seats billed {1} -> {2}", account.workspaceId(),
                    before, inUse);
            changed++;
        }
        return changed;
    }

    /** Reports the month's overage so far (and last month's, whose last counts may come late); returns the events sent. */
    int reportOverage() {
        int sent = 0;
        YearMonth now = usage.currentPeriod();
        for (BillingAccount account : accounts.subscribed()) {
            Plan plan = plans.of(account.workspaceId()).plan();
            if (!plan.allowsOverage()) {
                continue;
            }
            for (YearMonth period : List.of(now.minusMonths(1), now)) {
                sent += report(account, plan, usage.of(account.workspaceId(), period));
            }
        }
        return sent;
    }

    private int report(BillingAccount account, Plan plan, UsageReport report) {
        int sent = 0;
        Instant at = clock.instant();
        for (UsageReport.MeterUsage meter : report.meters()) {
            var planMeter = meter.meter().planMeter();
            if (planMeter.isEmpty() || meter.limit().isEmpty() || plan.overagePrice(planMeter.get()).isEmpty()) {
                continue;
            }
            long overage = Math.max(0, meter.quantity() - meter.limit().getAsLong());
            String name = planMeter.get().apiName();
            long reported = accounts.reported(account.workspaceId(), name, report.from());
            if (overage <= reported) {
                continue;
            }
            String identifier = account.workspaceId() + ":" + name + ":" + report.period() + ":" + reported + "-"
                    + overage;
            stripe.meterEvent(PriceKey.meterEventName(planMeter.get()), account.customerId(), overage - reported,
                    identifier, at.getEpochSecond());
            accounts.recordReported(account.workspaceId(), name, report.from(), overage, at);
            sent++;
        }
        return sent;
    }
}
