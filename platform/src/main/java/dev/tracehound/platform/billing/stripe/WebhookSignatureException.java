package dev.tracehound.platform.billing.stripe;

/** A webhook whose signature is not Stripe's with this endpoint's secret, or is too old: refused, nothing read. */
public final class WebhookSignatureException extends RuntimeException {

    WebhookSignatureException(String message, Throwable cause) {
        super(message, cause);
    }
}
