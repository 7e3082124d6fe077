package dev.tracehound.tools;

/**
 * A tool could not do what the model asked, for a reason the message tells the model. Public so
 * that what a session gives its tools ({@link ToolContext}) can refuse the same way, e.g. a new
 * sandbox past the workspace's plan.
 */
public final class ToolFailure extends RuntimeException {

    public ToolFailure(String message) {
        super(message);
    }
}
