package dev.tracehound.architecture.samples.agent.offline;

import dev.tracehound.architecture.samples.agent.session.Log;

/** The offline investigator writing a session itself: not allowed (the loop does that). */
public class KeepsASession {
    public static String keep() {
        return Log.append();
    }
}
