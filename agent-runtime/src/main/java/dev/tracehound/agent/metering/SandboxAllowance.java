package dev.tracehound.agent.metering;

import dev.tracehound.agent.session.AgentSession;
import dev.tracehound.agent.session.SandboxLeaseStore;
import dev.tracehound.platform.Entitlements;
import dev.tracehound.platform.billing.Meter;
import dev.tracehound.platform.billing.Plan;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Whether a session may start a new sandbox: not once its workspace's sandbox minutes this
 * calendar month (UTC) reach the monthly limit of a plan that stops at its limits (free). Plans
 * that bill overage, and plans without a limit, always may. A sandbox the session already holds is
 * not asked about, and one started below the limit runs to its end.
 *
 * <p>Cheap: the plan is the entitlements' (cached 30 s), and the minutes used are read at most
 * once per {@code ttl} per workspace, only for plans that stop at their limit.
 */
public final class SandboxAllowance {

    /** The longest the minutes used may be remembered. */
    public static final Duration MAX_TTL = Duration.ofSeconds(30);

    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);

    private record Used(YearMonth period, long minutes, long readAt) {}

    private final Entitlements entitlements;
    private final SandboxLeaseStore leases;
    private final Function<UUID, String> billingPage;
    private final Clock clock;
    private final long ttlNanos;
    private final Map<UUID, Used> used = new ConcurrentHashMap<>();

    /**
     * @param billingPage where the workspace of a project changes its plan, for the refusal
     *                    (the web UI's {@code /w/<workspace>/billing})
     * @param ttl         how long the minutes used are remembered, at most {@link #MAX_TTL}
     */
    public SandboxAllowance(Entitlements entitlements, SandboxLeaseStore leases, Function<UUID, String> billingPage,
            Clock clock, Duration ttl) {
        this.entitlements = Objects.requireNonNull(entitlements, "entitlements");
        this.leases = Objects.requireNonNull(leases, "leases");
        this.billingPage = Objects.requireNonNull(billingPage, "billingPage");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (ttl.isNegative() || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("the allowance is remembered 0 to " + MAX_TTL + ", not " + ttl);
        }
        this.ttlNanos = ttl.toNanos();
    }

    /** Why the session may not start a new sandbox, as the agent tells it; empty when it may. */
    public Optional<String> refusal(AgentSession session) {
        Plan plan = entitlements.plan(session.workspaceId());
        OptionalLong limit = plan.limits().perMonth(Meter.SANDBOX_MINUTES);
        if (limit.isEmpty() || plan.overagePrice(Meter.SANDBOX_MINUTES).isPresent()) {
            return Optional.empty();
        }
        YearMonth period = YearMonth.now(clock.withZone(ZoneOffset.UTC));
        long minutes = minutesUsed(session.workspaceId(), period);
        if (minutes < limit.getAsLong()) {
            return Optional.empty();
        }
        LocalDate renewal = period.plusMonths(1).atDay(1);
        return Optional.of(String.format(Locale.ROOT, "this workspace used its %,d sandbox minutes of the %s plan this"
                        + " month (%,d used in %s), so no new sandbox can start until they renew on %s (UTC); upgrade"
                        + " at %s for more. Tools that need no sandbox still work.",
                limit.getAsLong(), plan.id(), minutes, MONTH.format(period), DAY.format(renewal),
                billingPage.apply(session.projectId())));
    }

    /** Forgets what the workspace used, so the next question reads it again. */
    public void forget(UUID workspace) {
        used.remove(workspace);
    }

    private long minutesUsed(UUID workspace, YearMonth period) {
        long now = System.nanoTime();
        Used known = used.get(workspace);
        if (known != null && known.period().equals(period) && now - known.readAt() < ttlNanos) {
            return known.minutes();
        }
        long minutes = leases.minutes(workspace, period.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant(),
                period.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        used.put(workspace, new Used(period, minutes, now));
        return minutes;
    }
}
