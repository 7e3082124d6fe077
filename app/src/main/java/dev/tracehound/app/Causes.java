package dev.tracehound.app;

/** The innermost cause of a failure, which is where drivers put the useful message. */
final class Causes {

    private Causes() {}

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage().strip();
    }
}
