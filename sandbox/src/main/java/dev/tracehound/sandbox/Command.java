package dev.tracehound.sandbox;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A command to run in a sandbox: an argv, or a shell string run by {@code /bin/sh -c}.
 *
 * @param cwd         where it runs; the sandbox's workdir when empty
 * @param env         added to the sandbox's environment
 * @param stdin       fed to the command, then closed; nothing when empty
 * @param timeout     after this the command and its whole process group are killed
 * @param outputLimit bytes kept of stdout and of stderr each; past it output is dropped and
 *                    the result says so with a truncation marker
 */
public record Command(List<String> argv, Optional<String> cwd, Map<String, String> env, Optional<byte[]> stdin,
        Duration timeout, long outputLimit) {

    static final long DEFAULT_OUTPUT_LIMIT = 1L << 20;
    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

    public Command {
        if (argv == null || argv.isEmpty() || argv.getFirst().isBlank()) {
            throw new IllegalArgumentException("a command needs at least a program to run");
        }
        argv = List.copyOf(argv);
        cwd = cwd == null ? Optional.empty() : cwd.filter(c -> !c.isBlank());
        env = env == null ? Map.of() : Map.copyOf(env);
        stdin = stdin == null ? Optional.empty() : stdin;
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("a command's timeout must be positive, was " + timeout);
        }
        if (outputLimit < 1) {
            throw new IllegalArgumentException("outputLimit must be positive, was " + outputLimit);
        }
    }

    public static Command argv(String... argv) {
        return new Command(List.of(argv), Optional.empty(), Map.of(), Optional.empty(), DEFAULT_TIMEOUT,
                DEFAULT_OUTPUT_LIMIT);
    }

    public static Command shell(String script) {
        return argv("/bin/sh", "-c", script);
    }

    public Command in(String directory) {
        return new Command(argv, Optional.of(directory), env, stdin, timeout, outputLimit);
    }

    Command withEnv(Map<String, String> value) {
        return new Command(argv, cwd, value, stdin, timeout, outputLimit);
    }

    Command withStdin(byte[] input) {
        return new Command(argv, cwd, env, Optional.of(input.clone()), timeout, outputLimit);
    }

    public Command withTimeout(Duration value) {
        return new Command(argv, cwd, env, stdin, value, outputLimit);
    }

    public Command withOutputLimit(long bytes) {
        return new Command(argv, cwd, env, stdin, timeout, bytes);
    }
}
