package dev.tracehound.platform.billing.stripe;

import java.util.Objects;

/**
 * Where Stripe's pages send the browser back: after paying ({@code success}, which may hold
 * Checkout's {@code {CHECKOUT_SESSION_ID}} placeholder), after giving up ({@code canceled}), and
 * from the customer portal ({@code portal}).
 */
public record ReturnUrls(String success, String canceled, String portal) {

    public ReturnUrls {
        Objects.requireNonNull(success, "success");
        Objects.requireNonNull(canceled, "canceled");
        Objects.requireNonNull(portal, "portal");
    }
}
