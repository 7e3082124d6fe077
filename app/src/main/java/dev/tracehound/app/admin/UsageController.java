package dev.tracehound.app.admin;

import dev.tracehound.app.api.Blocking;
import dev.tracehound.app.security.Authorized;
import dev.tracehound.platform.usage.UsageMeter;
import dev.tracehound.platform.usage.UsageReport;
import dev.tracehound.platform.usage.UsageReports;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** A workspace's usage over a billing period, against its plan's limits ({@link UsageReports}). */
@RestController
final class UsageController {

    private final UsageReports reports;
    private final Blocking blocking;

    UsageController(UsageReports reports, Blocking blocking) {
        this.reports = reports;
        this.blocking = blocking;
    }

    record DayView(LocalDate day, long quantity) {}

    /**
     * One meter over the period.
     *
     * @param meter        ingested_bytes (the OTLP-encoded size of what was stored), spans, log_records,
     *                     metric_points (counted where stored, per project and UTC day), agent_tokens (input
     *                     plus output), agent_cost_micros (USD × 10^6), sandbox_minutes (each sandbox a
     *                     session held, rounded up to whole minutes, on the day it started) or investigations
     *                     (started by an incident or a person, counted on the day one started)
     * @param limit        the plan's monthly limit in the meter's unit; null: unlimited, or not limited by plans
     * @param fractionUsed quantity ÷ limit (above 1 past it); null without a limit
     * @param forecast     the quantity at the period's end if use goes on at its pace so far: linear,
     *                     quantity × the period's length ÷ the time elapsed (at least one day); the
     *                     quantity itself once the period is over
     * @param days         every day from the period's first to today (or its last), 0 included
     */
    record MeterView(String meter, long quantity,
            @Schema(description = "the plan's monthly limit in the meter's unit; null: unlimited, or not limited by plans")
            Long limit,
            @Schema(description = "quantity / limit, above 1 past the limit; null without a limit") Double fractionUsed,
            @Schema(description = "linear forecast to the period's end: quantity x the period's length / the time "
                    + "elapsed (at least one day); the quantity itself once the period is over") long forecast,
            List<DayView> days) {}

    /** A project's stored meters over the period; slug and name are null for a project deleted since. */
    record ProjectView(UUID projectId, String slug, String name, Map<String, Long> totals) {}

    /**
     * @param period   the month, UTC ({@code 2026-12}); from its first day up to {@code to}, excluded
     * @param complete whether the period is over
     * @param asOf     when this was read; stored meters lag by up to the roll-up's interval (5 minutes)
     * @param plan     the plan whose limits apply (the one in effect now)
     */
    record UsageView(UUID workspaceId, String period, LocalDate from, LocalDate to, boolean complete, Instant asOf,
            String plan, List<MeterView> meters, List<ProjectView> projects) {}

    @Operation(summary = "The workspace's usage this billing period (or ?period=YYYY-MM) by meter and day, "
            + "against its plan's limits, with a forecast to the period's end and totals per project")
    @GetMapping("/api/v1/workspaces/{workspace}/usage")
    Mono<UsageView> usage(@Parameter(hidden = true) Authorized access, @PathVariable("workspace") String workspace,
            @Parameter(description = "a past or the current month, YYYY-MM (UTC); the current one when absent")
            @RequestParam(name = "period", required = false) String period) {
        YearMonth month = period == null || period.isBlank() ? null : month(period);
        return blocking.call(() -> view(reports.of(access.workspaceId(), month == null ? reports.currentPeriod() : month)));
    }

    private static YearMonth month(String text) {
        try {
            return YearMonth.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("period is a month as YYYY-MM, e.g. 2026-11; '" + text + "' is not");
        }
    }

    private static UsageView view(UsageReport report) {
        List<MeterView> meters = report.meters().stream().map(m -> new MeterView(m.meter().apiName(), m.quantity(),
                m.limit().isPresent() ? m.limit().getAsLong() : null,
                m.fractionUsed().isPresent() ? m.fractionUsed().getAsDouble() : null, m.forecast(),
                m.days().stream().map(d -> new DayView(d.day(), d.quantity())).toList())).toList();
        List<ProjectView> projects = report.projects().stream().map(p -> {
            var totals = new LinkedHashMap<String, Long>();
            for (UsageMeter meter : UsageMeter.values()) {
                if (meter.stored()) {
                    totals.put(meter.apiName(), p.totals().getOrDefault(meter, 0L));
                }
            }
            return new ProjectView(p.projectId(), p.slug(), p.name(), totals);
        }).toList();
        return new UsageView(report.workspaceId(), report.period().toString(), report.from(), report.to(),
                report.complete(), report.asOf(), report.plan(), meters, projects);
    }
}
