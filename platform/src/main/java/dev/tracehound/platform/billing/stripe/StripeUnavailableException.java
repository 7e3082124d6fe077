package dev.tracehound.platform.billing.stripe;

/**
 * Stripe did not answer, or answered that it could not serve the request now (a 5xx, a rate limit):
 * what was asked did not happen, and asking again later may succeed. Nothing was changed here.
 */
public final class StripeUnavailableException extends RuntimeException {

    StripeUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
