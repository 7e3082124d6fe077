package dev.tracehound.sandbox;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What sandbox to create. Every limit is required to be sane before anything starts: a bad
 * spec throws {@link IllegalArgumentException} saying which field and why.
 *
 * @param image          the image to run, e.g. {@code tracehound-sandbox:<tag>}; never pulled
 * @param cpus           CPU share, e.g. 1.0 for one core
 * @param memoryBytes    memory limit; going over it kills the command (reported as OOM)
 * @param pids           most processes at once; a fork bomb stops there
 * @param workspaceBytes size of the writable workspace (and, the same, of /tmp)
 * @param network        {@link Network#NONE} unless the caller needs the network
 * @param env            environment of every command, before the command's own
 * @param owner          whose sandbox it is; becomes labels, so a reaper knows its session
 * @param ttl            the sandbox is removed this long after it was created, whatever happens
 * @param workdir        where commands run by default; the workspace
 */
public record SandboxSpec(String image, double cpus, long memoryBytes, int pids, long workspaceBytes,
        Network network, Map<String, String> env, Owner owner, Duration ttl, String workdir) {

    public static final String WORKSPACE = "/workspace";
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** Whose sandbox it is: names, not secrets. */
    public record Owner(String workspace, String project, String session) {
        public Owner {
            Objects.requireNonNull(workspace, "owner.workspace");
            Objects.requireNonNull(project, "owner.project");
            Objects.requireNonNull(session, "owner.session");
            if (session.isBlank()) {
                throw new IllegalArgumentException("a sandbox belongs to a session: owner.session is blank");
            }
        }
    }

    /** The network a sandbox may use. */
    public enum Network {
        /** No interface but loopback: nothing outside the sandbox is reachable. */
        NONE,
        /** The engine's default network (outbound access as the host allows). */
        BRIDGE;

        /** {@code none} or {@code bridge}, in any case. */
        static Network of(String name) {
            for (Network network : values()) {
                if (network.name().equalsIgnoreCase(name == null ? "" : name.strip())) {
                    return network;
                }
            }
            throw new IllegalArgumentException("unknown network mode '" + name + "': use none or bridge");
        }
    }

    public SandboxSpec {
        if (image == null || image.isBlank()) {
            throw new IllegalArgumentException("a sandbox needs an image");
        }
        if (!(cpus > 0) || cpus > 64) {
            throw new IllegalArgumentException("cpus must be above 0 and at most 64, was " + cpus);
        }
        if (memoryBytes < 16L << 20) {
            throw new IllegalArgumentException("memoryBytes must be at least 16 MiB, was " + memoryBytes);
        }
        if (pids < 8) {
            throw new IllegalArgumentException("pids must be at least 8, was " + pids);
        }
        if (workspaceBytes < 1L << 20) {
            throw new IllegalArgumentException("workspaceBytes must be at least 1 MiB, was " + workspaceBytes);
        }
        network = network == null ? Network.NONE : network;
        env = env == null ? Map.of() : Map.copyOf(env);
        env.keySet().forEach(name -> {
            if (!ENV_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("environment variable name '" + name + "' is not a valid name");
            }
        });
        Objects.requireNonNull(owner, "a sandbox needs an owner (workspace, project, session)");
        if (ttl == null || ttl.isNegative() || ttl.isZero() || ttl.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("ttl must be above 0 and at most 1 day, was " + ttl);
        }
        workdir = workdir == null || workdir.isBlank() ? WORKSPACE : workdir;
        if (!workdir.startsWith(WORKSPACE)) {
            throw new IllegalArgumentException("workdir must be under " + WORKSPACE + ", was " + workdir);
        }
    }

    /** One CPU, 512 MiB, 256 processes, a 256 MiB workspace, no network, 30 minutes. */
    public static SandboxSpec of(String image, Owner owner) {
        return new SandboxSpec(image, 1.0, 512L << 20, 256, 256L << 20, Network.NONE, Map.of(), owner,
                Duration.ofMinutes(30), WORKSPACE);
    }

    public SandboxSpec withNetwork(Network value) {
        return new SandboxSpec(image, cpus, memoryBytes, pids, workspaceBytes, value, env, owner, ttl, workdir);
    }

    SandboxSpec withMemory(long bytes) {
        return new SandboxSpec(image, cpus, bytes, pids, workspaceBytes, network, env, owner, ttl, workdir);
    }

    SandboxSpec withPids(int value) {
        return new SandboxSpec(image, cpus, memoryBytes, value, workspaceBytes, network, env, owner, ttl, workdir);
    }

    public SandboxSpec withTtl(Duration value) {
        return new SandboxSpec(image, cpus, memoryBytes, pids, workspaceBytes, network, env, owner, value, workdir);
    }

    SandboxSpec withEnv(Map<String, String> value) {
        return new SandboxSpec(image, cpus, memoryBytes, pids, workspaceBytes, network, value, owner, ttl, workdir);
    }

    SandboxSpec withOwner(Owner value) {
        return new SandboxSpec(image, cpus, memoryBytes, pids, workspaceBytes, network, env, value, ttl, workdir);
    }
}
