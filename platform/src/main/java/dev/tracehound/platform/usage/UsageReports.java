package dev.tracehound.platform.usage;

import dev.tracehound.platform.Entitlements;
import dev.tracehound.platform.Project;
import dev.tracehound.platform.ProjectDirectory;
import dev.tracehound.platform.billing.Plan;
import dev.tracehound.platform.usage.UsageReport.DayQuantity;
import dev.tracehound.platform.usage.UsageReport.MeterUsage;
import dev.tracehound.platform.usage.UsageReport.ProjectUsage;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * The door of {@code dev.tracehound.platform.usage}: a workspace's usage over a billing period
 * (the calendar month, UTC, until Stripe sets periods), against its plan's limits, with a
 * forecast to the period's end. Stored meters come from {@link UsageLedger} (counted in storage
 * by the roll-up), the agent's from {@link AgentUsage}.
 */
public final class UsageReports {

    private final UsageLedger ledger;
    private final AgentUsage agent;
    private final Entitlements entitlements;
    private final ProjectDirectory projects;
    private final Clock clock;

    public UsageReports(UsageLedger ledger, AgentUsage agent, Entitlements entitlements, ProjectDirectory projects,
            Clock clock) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.agent = Objects.requireNonNull(agent, "agent");
        this.entitlements = Objects.requireNonNull(entitlements, "entitlements");
        this.projects = Objects.requireNonNull(projects, "projects");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The billing period going on now. */
    public YearMonth currentPeriod() {
        return YearMonth.now(clock.withZone(ZoneOffset.UTC));
    }

    /**
     * The workspace's usage in {@code period}; limits are those of the plan in effect now.
     *
     * @throws IllegalArgumentException the period has not begun
     */
    public UsageReport of(UUID workspace, YearMonth period) {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        if (period.isAfter(YearMonth.from(today))) {
            throw new IllegalArgumentException("the period " + period + " has not begun; the current one is "
                    + YearMonth.from(today));
        }
        LocalDate from = period.atDay(1);
        LocalDate to = period.plusMonths(1).atDay(1);
        LocalDate lastDay = today.isBefore(to) ? today : to.minusDays(1);
        Plan plan = entitlements.plan(workspace);

        var perDay = new EnumMap<UsageMeter, Map<LocalDate, Long>>(UsageMeter.class);
        var perProject = new LinkedHashMap<UUID, Map<UsageMeter, Long>>();
        for (DailyCount count : ledger.ofWorkspace(workspace, from, to)) {
            add(perDay, count.meter(), count.day(), count.quantity());
            perProject.computeIfAbsent(count.projectId(), p -> new EnumMap<>(UsageMeter.class))
                    .merge(count.meter(), count.quantity(), Long::sum);
        }
        for (AgentUsage.Day day : agent.daily(workspace, from, to)) {
            add(perDay, UsageMeter.AGENT_TOKENS, day.day(), day.tokens());
            add(perDay, UsageMeter.AGENT_COST_MICROS, day.day(), day.costMicros());
        }
        for (AgentUsage.SandboxDay day : agent.sandboxMinutes(workspace, from, to)) {
            add(perDay, UsageMeter.SANDBOX_MINUTES, day.day(), day.minutes());
        }
        for (AgentUsage.InvestigationDay day : agent.investigations(workspace, from, to)) {
            add(perDay, UsageMeter.INVESTIGATIONS, day.day(), day.investigations());
        }

        Instant start = from.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = to.atStartOfDay(ZoneOffset.UTC).toInstant();
        var meters = new ArrayList<MeterUsage>();
        for (UsageMeter meter : UsageMeter.values()) {
            Map<LocalDate, Long> days = perDay.getOrDefault(meter, Map.of());
            var series = new ArrayList<DayQuantity>();
            for (LocalDate day = from; !day.isAfter(lastDay); day = day.plusDays(1)) {
                series.add(new DayQuantity(day, days.getOrDefault(day, 0L)));
            }
            long quantity = days.values().stream().mapToLong(Long::longValue).sum();
            OptionalLong limit = meter.planMeter().map(m -> plan.limits().perMonth(m)).orElse(OptionalLong.empty());
            meters.add(new MeterUsage(meter, quantity, limit, series, Forecast.linear(quantity, start, end, now)));
        }
        return new UsageReport(workspace, period, from, to, !now.isBefore(end), now, plan.id(), meters,
                projectTotals(perProject));
    }

    private static void add(Map<UsageMeter, Map<LocalDate, Long>> perDay, UsageMeter meter, LocalDate day, long quantity) {
        perDay.computeIfAbsent(meter, m -> new LinkedHashMap<>()).merge(day, quantity, Long::sum);
    }

    private List<ProjectUsage> projectTotals(Map<UUID, Map<UsageMeter, Long>> perProject) {
        var totals = new ArrayList<ProjectUsage>();
        perProject.forEach((id, meters) -> {
            Optional<Project> project = projects.byId(id);
            totals.add(new ProjectUsage(id, project.map(Project::slug).orElse(null),
                    project.map(Project::name).orElse(null), meters));
        });
        totals.sort(Comparator.comparing((ProjectUsage p) -> p.totals().getOrDefault(UsageMeter.SPANS, 0L)).reversed()
                .thenComparing(ProjectUsage::projectId));
        return totals;
    }
}
