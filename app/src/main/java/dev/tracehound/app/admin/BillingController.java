package dev.tracehound.app.admin;

import static dev.tracehound.app.admin.AdminRequests.actor;
import static dev.tracehound.app.admin.AdminRequests.lower;

import dev.tracehound.app.api.Blocking;
import dev.tracehound.app.security.Authorized;
import dev.tracehound.platform.billing.WorkspacePlan;
import dev.tracehound.platform.billing.stripe.BillingNotConfiguredException;
import dev.tracehound.platform.billing.stripe.BillingStatus;
import dev.tracehound.platform.billing.stripe.InvoiceLine;
import dev.tracehound.platform.billing.stripe.PlanChoice;
import dev.tracehound.platform.billing.stripe.ReturnUrls;
import dev.tracehound.platform.billing.stripe.StripeBilling;
import dev.tracehound.platform.identity.Action;
import dev.tracehound.platform.identity.RolePolicy;
import dev.tracehound.platform.identity.Workspace;
import dev.tracehound.platform.identity.Workspaces;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * A workspace's billing: its status for every member; invoices, choosing a plan (Checkout or a
 * subscription change) and the customer portal for those who manage billing (owners).
 */
@RestController
final class BillingController {

    private final StripeBilling billing;
    private final Workspaces workspaces;
    private final Blocking blocking;
    private final URI publicUrl;

    BillingController(StripeBilling billing, Workspaces workspaces, Blocking blocking,
            @Value("${tracehound.billing.public-url:}") String publicUrl) {
        this.billing = billing;
        this.workspaces = workspaces;
        this.blocking = blocking;
        this.publicUrl = publicUrl.isBlank() ? null : URI.create(publicUrl.replaceAll("/+$", ""));
    }

    record SubscriptionView(String id, String status, Instant currentPeriodEnd, boolean cancelAtPeriodEnd) {}

    /**
     * @param enabled     whether the service talks to Stripe; false: billing is off (see howToEnable)
     * @param seatsBilled the seat quantity Stripe last confirmed; null without a subscription
     * @param canManage   whether the caller may choose plans, open the portal and read invoices
     */
    record BillingView(boolean enabled, String howToEnable, String plan, String status, String inEffect,
            Instant graceUntil, long seatsInUse, Integer seatsBilled, boolean customer, SubscriptionView subscription,
            boolean canManage) {}

    record InvoiceView(String id, String number, String status, BigDecimal totalUsd, String currency, Instant created,
            Instant periodStart, Instant periodEnd, String hostedInvoiceUrl, String pdfUrl) {}

    record Invoices(List<InvoiceView> invoices) {}

    record PlanRequest(String plan) {}

    /** {@code action} is checkout (send the browser to {@code url}) or changed (see {@code plan}). */
    record PlanChoiceView(String action, URI url, PlanController.WorkspacePlanView plan) {}

    record Redirect(URI url) {}

    @Operation(summary = "The workspace's billing: plan, status, seats and subscription (without asking Stripe)")
    @GetMapping("/api/v1/workspaces/{workspace}/billing")
    Mono<BillingView> status(@Parameter(hidden = true) Authorized access, @PathVariable("workspace") String workspace) {
        return blocking.call(() -> {
            BillingStatus status = billing.status(access.workspaceId());
            WorkspacePlan plan = status.plan();
            boolean canManage = access.roleIfPerson().map(role -> RolePolicy.allows(role, Action.MANAGE_BILLING))
                    .orElse(false);
            return new BillingView(status.enabled(), status.enabled() ? null : BillingNotConfiguredException.HOW_TO_ENABLE,
                    plan.plan().id(), lower(plan.status()), plan.inEffect().id(), plan.graceUntil().orElse(null),
                    status.seatsInUse(), status.seatsBilled().isPresent() ? status.seatsBilled().getAsInt() : null,
                    status.customer(), status.subscription().map(s -> new SubscriptionView(s.id(), s.status(),
                            s.currentPeriodEnd().orElse(null), s.cancelAtPeriodEnd())).orElse(null),
                    canManage && status.enabled());
        });
    }

    @Operation(summary = "The workspace's invoices from Stripe, newest first")
    @GetMapping("/api/v1/workspaces/{workspace}/billing/invoices")
    Mono<Invoices> invoices(@Parameter(hidden = true) Authorized access, @PathVariable("workspace") String workspace) {
        return blocking.call(() -> new Invoices(billing.invoices(access.workspaceId()).stream()
                .map(BillingController::view).toList()));
    }

    @Operation(summary = "Choose a plan: a Checkout URL to pay in, or the plan changed at once (subscription "
            + "changed or, for free, canceled)")
    @PostMapping("/api/v1/workspaces/{workspace}/billing/plan")
    Mono<PlanChoiceView> choose(@Parameter(hidden = true) Authorized access, @PathVariable("workspace") String workspace,
            @RequestBody PlanRequest body, ServerWebExchange exchange) {
        if (body == null || body.plan() == null || body.plan().isBlank()) {
            throw new IllegalArgumentException("the body must name a plan: {\"plan\": \"indie\"}");
        }
        return blocking.call(() -> {
            Workspace named = workspace(access);
            String back = base(exchange) + "/w/" + named.slug() + "/billing";
            PlanChoice choice = billing.choosePlan(actor(access, exchange), named.id(), named.name(), body.plan().strip(),
                    new ReturnUrls(back + "?checkout=success&session={CHECKOUT_SESSION_ID}", back + "?checkout=canceled",
                            back));
            return switch (choice) {
                case PlanChoice.Checkout checkout -> new PlanChoiceView("checkout", checkout.url(), null);
                case PlanChoice.Changed changed -> new PlanChoiceView("changed", null,
                        PlanController.view(changed.plan()));
            };
        });
    }

    @Operation(summary = "A customer portal session: payment methods and invoices, in Stripe")
    @PostMapping("/api/v1/workspaces/{workspace}/billing/portal")
    Mono<Redirect> portal(@Parameter(hidden = true) Authorized access, @PathVariable("workspace") String workspace,
            ServerWebExchange exchange) {
        return blocking.call(() -> {
            Workspace named = workspace(access);
            return new Redirect(billing.portal(named.id(), named.name(), base(exchange) + "/w/" + named.slug() + "/billing"));
        });
    }

    private Workspace workspace(Authorized access) {
        return workspaces.byId(access.workspaceId())
                .orElseThrow(() -> AdminRequests.notFound("no workspace " + access.workspaceId()));
    }

    private String base(ServerWebExchange exchange) {
        if (publicUrl != null) {
            return publicUrl.toString();
        }
        URI uri = exchange.getRequest().getURI();
        return uri.getScheme() + "://" + uri.getAuthority();
    }

    private static InvoiceView view(InvoiceLine line) {
        return new InvoiceView(line.id(), line.number().orElse(null), line.status(), line.total(), line.currency(),
                line.created(), line.periodStart().orElse(null), line.periodEnd().orElse(null),
                line.hostedUrl().orElse(null), line.pdfUrl().orElse(null));
    }
}
