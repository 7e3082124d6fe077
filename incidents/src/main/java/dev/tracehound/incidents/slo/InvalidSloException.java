package dev.tracehound.incidents.slo;

/** An SLO that cannot be stored as given; the message says what to change (a 400 in the API). */
public final class InvalidSloException extends IllegalArgumentException {

    public InvalidSloException(String message) {
        super(message);
    }
}
