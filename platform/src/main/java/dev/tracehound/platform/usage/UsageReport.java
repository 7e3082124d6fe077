package dev.tracehound.platform.usage;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * A workspace's usage over one billing period (a calendar month, UTC), meter by meter, against
 * the limits of the plan in effect now.
 *
 * @param from     the period's first day
 * @param to       the day after the period's last
 * @param complete whether the period is over (its numbers no longer grow, its forecast is its total)
 * @param asOf     when the report was made; stored meters lag by up to the roll-up's interval
 * @param plan     the id of the plan whose limits the report holds usage against
 * @param meters   every {@link UsageMeter}, in its order
 * @param projects the stored meters' totals per project that used any, largest span count first
 */
public record UsageReport(UUID workspaceId, YearMonth period, LocalDate from, LocalDate to, boolean complete,
        Instant asOf, String plan, List<MeterUsage> meters, List<ProjectUsage> projects) {

    public UsageReport {
        Objects.requireNonNull(workspaceId, "workspaceId");
        meters = List.copyOf(meters);
        projects = List.copyOf(projects);
    }

    /**
     * One meter over the period.
     *
     * @param limit    the plan's limit for the period; empty: unlimited, or a meter plans do not limit
     * @param days     one entry per day from the period's first to today (or its last), 0 included
     * @param forecast the quantity at the period's end if use goes on at the pace so far: linear,
     *                 {@code quantity × period length ÷ time elapsed} (at least one day elapsed, so a
     *                 month's first hour does not extrapolate wildly); the quantity itself once the
     *                 period is over
     */
    public record MeterUsage(UsageMeter meter, long quantity, OptionalLong limit, List<DayQuantity> days,
            long forecast) {

        public MeterUsage {
            days = List.copyOf(days);
        }

        /** quantity ÷ limit (above 1 past the limit); empty without a limit or with a limit of 0. */
        public OptionalDouble fractionUsed() {
            return limit.isEmpty() || limit.getAsLong() == 0 ? OptionalDouble.empty()
                    : OptionalDouble.of((double) quantity / limit.getAsLong());
        }
    }

    public record DayQuantity(LocalDate day, long quantity) {}

    /**
     * A project's stored meters over the period.
     *
     * @param slug null when the project has been deleted since (its usage stays billed)
     */
    public record ProjectUsage(UUID projectId, String slug, String name, Map<UsageMeter, Long> totals) {

        public ProjectUsage {
            totals = Map.copyOf(totals);
        }
    }
}
