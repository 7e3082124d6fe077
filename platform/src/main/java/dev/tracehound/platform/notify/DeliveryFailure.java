package dev.tracehound.platform.notify;

/** A delivery attempt that did not go through; the message is what the outbox records as last_error. */
final class DeliveryFailure extends Exception {

    DeliveryFailure(String message) {
        super(message);
    }

    DeliveryFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
