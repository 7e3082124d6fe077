package dev.tracehound.architecture.samples.high;

import dev.tracehound.architecture.samples.low.Low;

/** A higher module using a lower one through its door: allowed. */
public class High {
    public static int answer() {
        return Low.answer();
    }
}
