package dev.tracehound.app.api;

/**
 * A request the API refuses as written: a missing or malformed parameter or body field. The
 * message names what to fix; {@link ApiErrors} answers it as a 400.
 */
final class InvalidRequestException extends IllegalArgumentException {

    InvalidRequestException(String message) {
        super(message);
    }
}
