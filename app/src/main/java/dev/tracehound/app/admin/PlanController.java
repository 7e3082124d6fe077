package dev.tracehound.app.admin;

import static dev.tracehound.app.admin.AdminRequests.lower;

import dev.tracehound.app.api.Blocking;
import dev.tracehound.app.security.Authorized;
import dev.tracehound.platform.billing.Meter;
import dev.tracehound.platform.billing.Plan;
import dev.tracehound.platform.billing.PlanLimits;
import dev.tracehound.platform.billing.Plans;
import dev.tracehound.platform.billing.WorkspacePlan;
import dev.tracehound.platform.billing.WorkspacePlans;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The plan catalogue, and the plan a workspace is on. Plans change through billing
 * ({@link BillingController}: Stripe's Checkout and webhooks), or by the service (the demo workspace).
 */
@RestController
final class PlanController {

    private final WorkspacePlans workspacePlans;
    private final Blocking blocking;

    PlanController(WorkspacePlans workspacePlans, Blocking blocking) {
        this.workspacePlans = workspacePlans;
        this.blocking = blocking;
    }

    /**
     * A plan's limits; null is unlimited. {@code perMonth} is keyed by meter (ingested_bytes,
     * spans, log_records, agent_tokens, investigations, sandbox_minutes), in the meter's unit.
     */
    record LimitsView(Map<String, Long> perMonth, int retentionDays, Integer seats, Integer services) {}

    /** What one {@code per} past a monthly limit costs, e.g. 0.50 USD per million spans. */
    record OverageView(String meter, BigDecimal usd, String per) {}

    record PlanView(String id, String name, String version, BigDecimal monthlyUsd, BigDecimal seatUsd,
            LimitsView limits, boolean allowsOverage, List<OverageView> overage) {}

    record Catalogue(String version, String currency, String defaultPlan, List<PlanView> plans) {}

    /**
     * @param plan       the plan the workspace chose (the default plan if it never did)
     * @param status     active, past_due or canceled
     * @param changedAt  when it last changed; null if it never chose one
     * @param graceUntil how long a past-due plan still holds
     * @param inEffect   the plan whose limits apply now: the chosen one, or the default plan once
     *                   canceled or past its grace
     */
    record WorkspacePlanView(UUID workspaceId, PlanView plan, String status, Instant changedAt, Instant graceUntil,
            String inEffect) {}

    @Operation(summary = "The plans, their prices (USD) and limits, smallest first")
    @GetMapping("/api/v1/plans")
    Mono<Catalogue> plans() {
        Plans catalogue = workspacePlans.catalogue();
        return Mono.just(new Catalogue(catalogue.version(), "USD", catalogue.defaultPlan().id(),
                catalogue.all().stream().map(PlanController::view).toList()));
    }

    @Operation(summary = "The workspace's plan, its limits and billing status")
    @GetMapping("/api/v1/workspaces/{workspace}/plan")
    Mono<WorkspacePlanView> plan(@Parameter(hidden = true) Authorized access,
            @PathVariable("workspace") String workspace) {
        return blocking.call(() -> view(workspacePlans.of(access.workspaceId())));
    }

    static WorkspacePlanView view(WorkspacePlan current) {
        return new WorkspacePlanView(current.workspaceId(), view(current.plan()), lower(current.status()),
                current.changedAt().orElse(null), current.graceUntil().orElse(null), current.inEffect().id());
    }

    static PlanView view(Plan plan) {
        PlanLimits limits = plan.limits();
        Map<String, Long> perMonth = new LinkedHashMap<>();
        List<OverageView> overage = new ArrayList<>();
        for (Meter meter : Meter.values()) {
            var limit = limits.perMonth(meter);
            perMonth.put(meter.apiName(), limit.isPresent() ? limit.getAsLong() : null);
            plan.overagePrice(meter).ifPresent(usd -> overage.add(new OverageView(meter.apiName(), usd,
                    meter.billingUnitName())));
        }
        var seats = limits.seats().max();
        var services = limits.services();
        return new PlanView(plan.id(), plan.name(), plan.version(), plan.monthlyUsd(), plan.seatUsd(),
                new LimitsView(perMonth, limits.retentionDays(), seats.isPresent() ? seats.getAsInt() : null,
                        services.isPresent() ? services.getAsInt() : null), plan.allowsOverage(), overage);
    }
}
