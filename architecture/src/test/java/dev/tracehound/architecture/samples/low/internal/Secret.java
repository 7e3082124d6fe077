package dev.tracehound.architecture.samples.low.internal;

public class Secret {
    public static int value() {
        return 42;
    }
}
