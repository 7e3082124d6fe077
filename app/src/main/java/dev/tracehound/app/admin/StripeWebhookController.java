package dev.tracehound.app.admin;

import dev.tracehound.app.api.Blocking;
import dev.tracehound.platform.billing.stripe.StripeBilling;
import dev.tracehound.platform.billing.stripe.WebhookOutcome;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Stripe's webhook endpoint. Outside {@code /api/} and outside the security chain: the caller is
 * Stripe, proven by the signature of the raw body, which {@link StripeBilling#webhook} checks
 * before reading anything (400 when it is wrong). A subscription Stripe could not be asked for
 * answers 503, so Stripe delivers the event again.
 */
@RestController
final class StripeWebhookController {

    static final String PATH = "/webhooks/stripe";

    private final StripeBilling billing;
    private final Blocking blocking;

    StripeWebhookController(StripeBilling billing, Blocking blocking) {
        this.billing = billing;
        this.blocking = blocking;
    }

    record Received(String outcome) {}

    @Operation(summary = "Stripe's events (signed with the endpoint's secret): checkout completed, subscription "
            + "created/updated/deleted, invoice paid, payment failed")
    @PostMapping(PATH)
    Mono<Received> receive(@RequestBody(required = false) String payload,
            @RequestHeader(name = "Stripe-Signature", required = false) String signature) {
        String body = payload == null ? "" : payload;
        return blocking.call(() -> {
            WebhookOutcome outcome = billing.webhook(body, signature);
            return new Received(outcome.column());
        });
    }
}
