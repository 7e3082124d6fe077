package dev.tracehound.incidents.rule;

/** An alert rule that cannot be stored or previewed as given; the message says what to change (a 400 in the API). */
public final class InvalidRuleException extends IllegalArgumentException {

    public InvalidRuleException(String message) {
        super(message);
    }
}
