package dev.tracehound.tools;

/** A tool could not do what the model asked, for a reason the message tells the model. */
final class ToolFailure extends RuntimeException {

    ToolFailure(String message) {
        super(message);
    }
}
