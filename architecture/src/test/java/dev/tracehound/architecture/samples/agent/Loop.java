package dev.tracehound.architecture.samples.agent;

import dev.tracehound.architecture.samples.agent.model.Port;

/** The loop uses the model port: allowed. */
public class Loop {
    public static String step() {
        return Port.reply();
    }
}
