package dev.tracehound.platform.identity;

/** Every seat the workspace's plan allows is taken; the message names the limit. */
public final class SeatLimitReachedException extends RuntimeException {

    SeatLimitReachedException(String message) {
        super(message);
    }
}
