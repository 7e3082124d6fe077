package dev.tracehound.architecture.samples.agent.stray;

/** A package of the agent runtime that the rule does not place: not allowed. */
public class Stray {
    public static int nothing() {
        return 0;
    }
}
