package dev.tracehound.devstripe;

import tools.jackson.databind.node.ObjectNode;

/**
 * A refusal in Stripe's shape: {@code {"error":{"type","message","code","param"}}} with a 4xx or 5xx
 * status. Thrown by the resource handlers; the router turns it into the answer.
 */
final class StripeError extends RuntimeException {

    private final int status;
    private final String type;
    private final String code;
    private final String param;
    private final boolean shouldRetry;

    private StripeError(int status, String type, String code, String param, String message, boolean shouldRetry) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
        this.shouldRetry = shouldRetry;
    }

    static StripeError invalid(String param, String message) {
        return new StripeError(400, "invalid_request_error", null, param, message, true);
    }

    static StripeError invalid(String code, String param, String message) {
        return new StripeError(400, "invalid_request_error", code, param, message, true);
    }

    static StripeError missingParam(String param) {
        return invalid("parameter_missing", param, "Missing required param: " + param + ".");
    }

    static StripeError noSuch(String what, String id) {
        return new StripeError(404, "invalid_request_error", "resource_missing", "id",
                "No such " + what + ": '" + id + "'", true);
    }

    /** Stripe says {@code Stripe-Should-Retry: false} on refusals a retry cannot change (a meter event seen before). */
    static StripeError final400(String message) {
        return new StripeError(400, "invalid_request_error", null, null, message, false);
    }

    static StripeError unauthorized(String message) {
        return new StripeError(401, "invalid_request_error", null, null, message, true);
    }

    static StripeError unknownUrl(String method, String path) {
        return new StripeError(404, "invalid_request_error", null, null,
                "Unrecognized request URL (" + method + ": " + path + "). The development Stripe stub speaks only the"
                        + " endpoints Tracehound uses (dev-stripe/README.md).", true);
    }

    static StripeError idempotency(int status, String message) {
        return new StripeError(status, "idempotency_error", null, null, message, false);
    }

    static StripeError outage() {
        return new StripeError(503, "api_error", null, null,
                "The development Stripe stub is in outage mode (POST /_stub/outage?on=false ends it).", true);
    }

    int status() {
        return status;
    }

    boolean shouldRetry() {
        return shouldRetry;
    }

    ObjectNode body() {
        ObjectNode body = Json.object();
        ObjectNode error = body.putObject("error");
        error.put("type", type);
        error.put("message", getMessage());
        if (code != null) {
            error.put("code", code);
            error.put("doc_url", "https://stripe.com/docs/error-codes/" + code.replace('_', '-'));
        }
        if (param != null) {
            error.put("param", param);
        }
        return body;
    }
}
