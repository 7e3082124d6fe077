package dev.tracehound.architecture.samples.low;

import dev.tracehound.architecture.samples.low.internal.Secret;

/** Its own module's internal package: allowed. */
public class Door {
    static int open() {
        return Secret.value();
    }
}
