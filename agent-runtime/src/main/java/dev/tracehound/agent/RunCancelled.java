package dev.tracehound.agent;

/** The run was cancelled: it stops at the next point it checks. */
final class RunCancelled extends Exception {

    RunCancelled() {
        super("the run was cancelled", null, false, false);
    }
}
