package dev.tracehound.app;

import dev.tracehound.platform.billing.stripe.StripeBilling;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends Stripe what a subscription is billed for beyond its price, on a schedule: its first run
 * also pushes the plans' prices if Stripe lacks them, and its first run and then one an hour read
 * every subscription back from Stripe, so a missed webhook (or a subscription Stripe no longer has)
 * is caught within the hour. A run that fails (Stripe unreachable) is
 * logged and counted, and the next one sends what is still owed: quantities are set, not added, and
 * overage goes under identifiers Stripe counts once, so nothing is sent twice or lost.
 */
final class StripeUsageJob implements AutoCloseable {

    static final String RUNS = "tracehound.billing.runs";

    private static final Logger log = LoggerFactory.getLogger(StripeUsageJob.class);

    private final StripeBilling billing;
    private final MeterRegistry meters;
    private final FixedDelaySchedule schedule;
    /** Runs between reads of every subscription: hourly at the default interval of a minute. */
    private static final Duration RECONCILE_EVERY = Duration.ofHours(1);

    private volatile boolean cataloguePushed;
    private volatile long lastReconciled = Long.MIN_VALUE;

    StripeUsageJob(StripeBilling billing, MeterRegistry meters, Duration interval) {
        this.billing = billing;
        this.meters = meters;
        this.schedule = new FixedDelaySchedule("billing", interval, meters, RUNS);
    }

    void start(Duration initialDelay) {
        schedule.start(initialDelay, this::runOnce);
    }

    /** @return the seat changes and meter events sent, or null when a run was going already */
    Integer runOnce() {
        return schedule.exclusively(() -> {
            if (!cataloguePushed) {
                billing.pushCatalogue();
                cataloguePushed = true;
            }
            long now = System.nanoTime();
            if (lastReconciled == Long.MIN_VALUE || now - lastReconciled >= RECONCILE_EVERY.toNanos()) {
                int read = billing.reconcileAll();
                lastReconciled = now;
                log.info("billing: read {} subscription(s) back from Stripe", read);
            }
            int sent = billing.sendUsage();
            meters.counter(RUNS, "outcome", "ok").increment();
            if (sent > 0) {
                log.info("billing: sent Stripe {} seat quantity change(s) and overage report(s)", sent);
            }
            return sent;
        });
    }

    @Override
    public void close() {
        schedule.close();
    }
}
