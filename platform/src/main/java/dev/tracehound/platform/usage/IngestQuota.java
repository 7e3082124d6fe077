package dev.tracehound.platform.usage;

import dev.tracehound.platform.Entitlements;
import dev.tracehound.platform.billing.Meter;
import dev.tracehound.platform.billing.Plan;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Where a workspace stands against its plan's monthly limit on an ingested meter (bytes, spans,
 * log records): within it, over it but inside the grace margin, over it on a plan that bills overage,
 * or past the margin (ingest refuses new requests). Usage is this calendar month's (UTC) as the
 * roll-up last counted it into {@code usage_daily}, so it lags storage by up to the roll-up's
 * interval (5 minutes); the grace margin is what absorbs that lag, besides warning before refusing.
 */
public final class IngestQuota {

    /** How far past its limit a plan without overage keeps ingesting, in percent of the limit. */
    public static final int GRACE_PERCENT = 10;

    public enum State {
        /** The plan sets no limit on the meter. */
        UNLIMITED,
        WITHIN,
        /** At or over the limit, below {@link Standing#refusedFrom}: accepted, and told. */
        GRACE,
        /** At or over the limit on a plan that bills overage: accepted, told, billed later. */
        OVERAGE,
        /** At or past {@link Standing#refusedFrom} on a plan without overage: new requests are refused. */
        REFUSED
    }

    /**
     * @param limit       the plan's monthly limit; 0 when {@link State#UNLIMITED}
     * @param refusedFrom the usage from which requests are refused (limit plus the grace margin);
     *                    {@link Long#MAX_VALUE} where nothing is refused
     */
    public record Standing(State state, String plan, Meter meter, YearMonth period, long limit, long used,
            long refusedFrom) {

        public Standing {
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(plan, "plan");
            Objects.requireNonNull(meter, "meter");
            Objects.requireNonNull(period, "period");
        }

        /** Whether ingest accepts new requests. */
        public boolean accepts() {
            return state != State.REFUSED;
        }

        /** Whether the workspace is at or over its limit (the answer says so). */
        public boolean over() {
            return state == State.GRACE || state == State.OVERAGE || state == State.REFUSED;
        }
    }

    private final UsageLedger ledger;
    private final Entitlements entitlements;
    private final Clock clock;

    public IngestQuota(UsageLedger ledger, Entitlements entitlements, Clock clock) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.entitlements = Objects.requireNonNull(entitlements, "entitlements");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The workspace's standing on {@code meter} this month: one read of the plan (cached) and one of usage. */
    public Standing standing(UUID workspace, Meter meter) {
        return standings(workspace, List.of(meter)).getFirst();
    }

    /**
     * The workspace's standing on each of {@code meters} this month, in their order: one read of the
     * plan (cached) and at most one of usage, whatever the number of meters (none when the plan
     * limits none of them).
     */
    public List<Standing> standings(UUID workspace, List<Meter> meters) {
        Plan plan = entitlements.plan(workspace);
        YearMonth period = YearMonth.now(clock.withZone(ZoneOffset.UTC));
        Map<UsageMeter, Long> used = Map.of();
        if (meters.stream().anyMatch(meter -> plan.limits().perMonth(meter).isPresent())) {
            LocalDate from = period.atDay(1);
            used = ledger.totalsOfWorkspace(workspace, from, period.plusMonths(1).atDay(1));
        }
        var standings = new ArrayList<Standing>(meters.size());
        for (Meter meter : meters) {
            standings.add(decide(plan, meter, period, used.getOrDefault(usageMeter(meter), 0L)));
        }
        return standings;
    }

    static Standing decide(Plan plan, Meter meter, YearMonth period, long used) {
        OptionalLong limit = plan.limits().perMonth(meter);
        if (limit.isEmpty()) {
            return new Standing(State.UNLIMITED, plan.id(), meter, period, 0, used, Long.MAX_VALUE);
        }
        long max = limit.getAsLong();
        if (plan.allowsOverage()) {
            return new Standing(used >= max ? State.OVERAGE : State.WITHIN, plan.id(), meter, period, max, used,
                    Long.MAX_VALUE);
        }
        long refusedFrom = graceCeiling(max);
        State state = used < max ? State.WITHIN : used < refusedFrom ? State.GRACE : State.REFUSED;
        return new Standing(state, plan.id(), meter, period, max, used, refusedFrom);
    }

    /** The limit plus {@link #GRACE_PERCENT} of it, rounded up; a limit of 0 has no margin. */
    static long graceCeiling(long limit) {
        return Math.addExact(limit, Math.ceilDiv(Math.multiplyExact(limit, GRACE_PERCENT), 100));
    }

    private static UsageMeter usageMeter(Meter meter) {
        for (UsageMeter usage : UsageMeter.values()) {
            if (usage.stored() && usage.planMeter().filter(meter::equals).isPresent()) {
                return usage;
            }
        }
        throw new IllegalArgumentException(meter.apiName() + " is not counted from stored telemetry");
    }
}
