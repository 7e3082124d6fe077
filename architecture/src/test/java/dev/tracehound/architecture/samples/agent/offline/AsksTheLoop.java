package dev.tracehound.architecture.samples.agent.offline;

import dev.tracehound.architecture.samples.agent.Loop;

/** The offline investigator calling the loop: not allowed. */
public class AsksTheLoop {
    public static String ask() {
        return Loop.step();
    }
}
