package dev.tracehound.incidents.investigate;

import dev.tracehound.platform.Entitlements;
import dev.tracehound.platform.billing.Meter;
import dev.tracehound.platform.billing.Plan;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.Function;

/**
 * How many more investigations a workspace may start this calendar month (UTC): unlimited on a
 * plan without a limit or with an overage price (the investigations past the limit are billed),
 * else what its plan's limit leaves. Counted from the investigations started, as the meter counts.
 */
final class Allowance {

    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);

    /** What is left; {@code refusal} is what a refused investigation says. */
    record Left(long remaining, String refusal) {

        static final Left UNLIMITED = new Left(Long.MAX_VALUE, "");
    }

    private final Entitlements entitlements;
    private final InvestigationRows rows;
    private final Function<UUID, String> billingPage;

    Allowance(Entitlements entitlements, InvestigationRows rows, Function<UUID, String> billingPage) {
        this.entitlements = entitlements;
        this.rows = rows;
        this.billingPage = billingPage;
    }

    Left left(UUID workspace, UUID project, Instant now) {
        Plan plan = entitlements.plan(workspace);
        OptionalLong limit = plan.limits().perMonth(Meter.INVESTIGATIONS);
        if (limit.isEmpty() || plan.overagePrice(Meter.INVESTIGATIONS).isPresent()) {
            return Left.UNLIMITED;
        }
        YearMonth month = YearMonth.from(now.atZone(ZoneOffset.UTC));
        LocalDate renewal = month.plusMonths(1).atDay(1);
        long started = rows.started(workspace, month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant(),
                renewal.atStartOfDay(ZoneOffset.UTC).toInstant());
        String refusal = String.format(Locale.ROOT, "the %s plan's %,d investigations this month are used (%,d started in"
                        + " %s), so this one did not start; upgrade at %s for more, or re-run it once they renew on %s (UTC)",
                plan.name(), limit.getAsLong(), started, MONTH.format(month), billingPage.apply(project),
                DAY.format(renewal));
        return new Left(Math.max(0, limit.getAsLong() - started), refusal);
    }
}
