package dev.tracehound.architecture.samples.agent.session;

import dev.tracehound.architecture.samples.agent.model.Port;

/** Sessions using the model port: allowed. */
public class Log {
    public static String append() {
        return Port.reply();
    }
}
