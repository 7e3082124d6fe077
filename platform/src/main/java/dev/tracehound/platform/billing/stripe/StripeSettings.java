package dev.tracehound.platform.billing.stripe;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How the service reaches Stripe. Without a secret key billing is off: every workspace stays on the
 * plan {@code workspace_plans} gives it (free by default) and the billing pages say how to enable it.
 * The keys are secrets: {@link #toString()} never shows them.
 *
 * @param secretKey     Stripe's secret API key ({@code sk_…}); blank: billing off
 * @param webhookSecret the signing secret of the webhook endpoint ({@code whsec_…})
 * @param apiBase       Stripe's API, or a local stub in development and tests
 * @param grace         how long a past-due plan keeps its limits after a failed payment
 */
public record StripeSettings(String secretKey, String webhookSecret, URI apiBase, Duration grace) {

    public static final URI STRIPE_API = URI.create("https://api.stripe.com");

    public StripeSettings {
        secretKey = secretKey == null ? "" : secretKey.strip();
        webhookSecret = webhookSecret == null ? "" : webhookSecret.strip();
        apiBase = apiBase == null ? STRIPE_API : apiBase;
        Objects.requireNonNull(grace, "grace");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("the grace after a failed payment cannot be negative: " + grace);
        }
        if (!secretKey.isEmpty() && webhookSecret.isEmpty()) {
            throw new IllegalArgumentException("a Stripe secret key is set but no webhook signing secret "
                    + "(tracehound.billing.stripe.webhook-secret): Stripe's events could not be verified");
        }
    }

    public static StripeSettings off() {
        return new StripeSettings("", "", STRIPE_API, Duration.ofDays(7));
    }

    public boolean enabled() {
        return !secretKey.isEmpty();
    }

    @Override
    public String toString() {
        return "StripeSettings[enabled=" + enabled() + ", apiBase=" + apiBase + ", grace=" + grace + "]";
    }
}
