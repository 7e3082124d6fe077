package dev.tracehound.architecture.samples.agent.model;

import dev.tracehound.architecture.samples.agent.Loop;

/** The model port calling the loop: not allowed. */
public class ReachesUp {
    public static String again() {
        return Loop.step();
    }
}
