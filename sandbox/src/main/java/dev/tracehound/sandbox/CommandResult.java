package dev.tracehound.sandbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * How a command ended, and its output up to the command's output limit.
 *
 * @param exitCode  the exit status; for a killed command, 128 + the signal, as a shell reports it
 * @param truncated whether output past the limit was dropped (the text ends with {@link #TRUNCATED})
 */
public record CommandResult(int exitCode, Ending ending, byte[] stdout, byte[] stderr, boolean truncated,
        Duration took) {

    /** Appended to output cut at the limit. */
    static final String TRUNCATED = "\n[… output truncated at the limit …]\n";

    public enum Ending {
        /** The command ended by itself, with any exit code. */
        EXITED,
        /** It passed its timeout and was killed with its process group. */
        TIMED_OUT,
        /** A caller killed or signalled it to death. */
        KILLED,
        /** The kernel killed it for going over the sandbox's memory. */
        OUT_OF_MEMORY
    }

    public String stdoutText() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    public String stderrText() {
        return new String(stderr, StandardCharsets.UTF_8);
    }
}
