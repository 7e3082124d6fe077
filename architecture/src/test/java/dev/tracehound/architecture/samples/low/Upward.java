package dev.tracehound.architecture.samples.low;

import dev.tracehound.architecture.samples.high.High;

/** A lower module using a higher one: against the table. */
public class Upward {
    public static int reachUp() {
        return High.answer();
    }
}
