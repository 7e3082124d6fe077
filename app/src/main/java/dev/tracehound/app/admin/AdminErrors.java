package dev.tracehound.app.admin;

import dev.tracehound.platform.billing.stripe.BillingNotConfiguredException;
import dev.tracehound.platform.billing.stripe.StripeUnavailableException;
import dev.tracehound.platform.billing.stripe.WebhookSignatureException;
import dev.tracehound.platform.identity.ConflictException;
import dev.tracehound.platform.identity.InvitationGoneException;
import dev.tracehound.platform.identity.LastOwnerException;
import dev.tracehound.platform.identity.NotAllowedException;
import dev.tracehound.platform.identity.NotFoundException;
import dev.tracehound.platform.identity.SeatLimitReachedException;
import java.net.URI;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * How the admin API says no, as problem details, for what the identity services refuse: the
 * last owner (409), a seat past the limit (409, the message names the limit), an invitation
 * expired, used or revoked (410), a change the caller's role does not allow, such as raising
 * their own role (403), something not in the workspace (404), a clash such as a taken slug (409),
 * and bad input (400; the services throw IllegalArgumentException only for input they checked);
 * billing's: off (409), Stripe not answering (503 with Retry-After; nothing changed), a webhook
 * whose signature is wrong (400).
 * Everything else falls through to the API's own handler.
 */
@RestControllerAdvice(basePackageClasses = AdminErrors.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
final class AdminErrors {

    private static final Logger log = LoggerFactory.getLogger(AdminErrors.class);

    @ExceptionHandler(LastOwnerException.class)
    ResponseEntity<ProblemDetail> lastOwner(LastOwnerException e) {
        return problem(HttpStatus.CONFLICT, "last-owner", e.getMessage());
    }

    @ExceptionHandler(SeatLimitReachedException.class)
    ResponseEntity<ProblemDetail> seats(SeatLimitReachedException e) {
        return problem(HttpStatus.CONFLICT, "seat-limit-reached", e.getMessage());
    }

    @ExceptionHandler(InvitationGoneException.class)
    ResponseEntity<ProblemDetail> gone(InvitationGoneException e) {
        return problem(HttpStatus.GONE, "invitation-gone", e.getMessage());
    }

    @ExceptionHandler(NotAllowedException.class)
    ResponseEntity<ProblemDetail> notAllowed(NotAllowedException e) {
        return problem(HttpStatus.FORBIDDEN, "not-allowed", e.getMessage());
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(NotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "not-found", e.getMessage());
    }

    @ExceptionHandler(ConflictException.class)
    ResponseEntity<ProblemDetail> conflict(ConflictException e) {
        return problem(HttpStatus.CONFLICT, "conflict", e.getMessage());
    }

    @ExceptionHandler(BillingNotConfiguredException.class)
    ResponseEntity<ProblemDetail> billingOff(BillingNotConfiguredException e) {
        return problem(HttpStatus.CONFLICT, "billing-not-configured", e.getMessage());
    }

    @ExceptionHandler(StripeUnavailableException.class)
    ResponseEntity<ProblemDetail> stripeUnavailable(StripeUnavailableException e) {
        log.warn("billing: {}", e.getMessage());
        ResponseEntity<ProblemDetail> answer = problem(HttpStatus.SERVICE_UNAVAILABLE, "stripe-unavailable",
                "Stripe did not answer, so nothing changed; try again in a minute.");
        return ResponseEntity.status(answer.getStatusCode()).header(HttpHeaders.RETRY_AFTER, "60").body(answer.getBody());
    }

    @ExceptionHandler(WebhookSignatureException.class)
    ResponseEntity<ProblemDetail> badSignature(WebhookSignatureException e) {
        log.warn("billing: a webhook was refused: {}", e.getMessage());
        return problem(HttpStatus.BAD_REQUEST, "bad-signature", e.getMessage());
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> badInput(IllegalArgumentException e) {
        return problem(HttpStatus.BAD_REQUEST, "bad-request", e.getMessage());
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String type, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("https://tracehound.dev/problems/" + type));
        return ResponseEntity.status(status).body(problem);
    }
}
