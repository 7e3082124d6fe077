package dev.tracehound.evals.scenario;

import java.util.Objects;

/**
 * Which spans something applies to: those of a service, optionally only one operation (the
 * span's name), optionally only where an attribute has a value.
 *
 * @param scope {@code span} or {@code resource}: where the attribute is
 */
public record Selector(String service, String operation, String key, String scope, String value) {

    public Selector {
        Objects.requireNonNull(service, "service");
        operation = blankToNull(operation);
        key = blankToNull(key);
        scope = key == null ? null : checkedScope(scope);
        value = blankToNull(value);
        if ((key == null) != (value == null)) {
            throw new IllegalArgumentException("a selector's attribute needs both a key and a value");
        }
    }

    public static Selector service(String service) {
        return new Selector(service, null, null, null, null);
    }

    public static Selector operation(String service, String operation) {
        return new Selector(service, operation, null, null, null);
    }

    public Selector where(String scope, String key, String value) {
        return new Selector(service, operation, key, scope, value);
    }

    public boolean hasAttribute() {
        return key != null;
    }

    /** As people write it: {@code payment.provider=stripe_v3} on {@code payments}. */
    public String describe() {
        return service + (operation == null ? "" : " " + operation) + (key == null ? "" : " where " + key + "=" + value);
    }

    static String checkedScope(String scope) {
        String checked = scope == null || scope.isBlank() ? "span" : scope;
        if (!checked.equals("span") && !checked.equals("resource")) {
            throw new IllegalArgumentException("an attribute's scope is span or resource: " + scope);
        }
        return checked;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
