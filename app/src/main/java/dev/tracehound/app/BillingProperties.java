package dev.tracehound.app;

import dev.tracehound.platform.billing.stripe.StripeSettings;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Billing with Stripe ({@code tracehound.billing.*}).
 *
 * (The web UI's address for Stripe's pages, {@code tracehound.billing.public-url}, is read where the
 * return URLs are made: the billing controller.)
 *
 * @param grace     how long a plan holds after a failed payment
 * @param interval  the pause between runs sending seat quantities and overage to Stripe
 */
@ConfigurationProperties("tracehound.billing")
record BillingProperties(Stripe stripe, Duration grace, Duration interval) {

    /** Never printed: the record's toString would show the keys. */
    record Stripe(String secretKey, String webhookSecret, URI apiBase) {

        @Override
        public String toString() {
            return "Stripe[apiBase=" + apiBase + ", secretKey=" + (blank(secretKey) ? "(none)" : "(set)") + "]";
        }
    }

    BillingProperties {
        stripe = stripe == null ? new Stripe(null, null, null) : stripe;
        grace = grace == null ? Duration.ofDays(7) : grace;
        interval = interval == null ? Duration.ofMinutes(1) : interval;
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("tracehound.billing.interval must be positive, was " + interval);
        }
    }

    StripeSettings settings() {
        return new StripeSettings(stripe.secretKey(), stripe.webhookSecret(), stripe.apiBase(), grace);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
