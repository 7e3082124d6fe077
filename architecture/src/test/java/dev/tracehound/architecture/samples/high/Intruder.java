package dev.tracehound.architecture.samples.high;

import dev.tracehound.architecture.samples.low.internal.Secret;

/** Another module's internal package: not allowed. */
public class Intruder {
    public static int peek() {
        return Secret.value();
    }
}
