package dev.tracehound.platform.identity;

/** The change would leave a workspace without an owner (an HTTP API answers 409). */
public final class LastOwnerException extends RuntimeException {

    LastOwnerException(String message) {
        super(message);
    }
}
