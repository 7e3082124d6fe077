package dev.tracehound.tools;

import dev.tracehound.sandbox.Sandbox;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What a session gives its tools. The project is the only one a tool reads: no tool takes a
 * project from a model's input.
 *
 * @param projectId        the session's project
 * @param sandbox          the session's sandbox, created by the caller on first use; tools that
 *                         need no sandbox never call it
 * @param networkedSandbox a second sandbox of the session with network access, for the commands a
 *                         person approved as needing it; its workspace is its own
 * @param repositories     the git repositories the project allows the git tool to clone
 */
public record ToolContext(String projectId, Supplier<Sandbox> sandbox, Supplier<Sandbox> networkedSandbox,
        GitSources repositories) {

    public ToolContext {
        if (projectId == null || projectId.isBlank()) {
            throw new IllegalArgumentException("a tool context needs the session's project");
        }
        Objects.requireNonNull(sandbox, "sandbox supplier");
        Objects.requireNonNull(networkedSandbox, "networked sandbox supplier");
        repositories = repositories == null ? GitSources.NONE : repositories;
    }

    /** A context whose sandboxes never have network access. */
    public ToolContext(String projectId, Supplier<Sandbox> sandbox, GitSources repositories) {
        this(projectId, sandbox, () -> {
            throw new ToolFailure("this session's sandbox has no network and this service gives none to sandboxes,"
                    + " so a command that needs it cannot run; work with what is in /workspace instead");
        }, repositories);
    }

    /** A context whose tools may not use a sandbox (the supplier throws when asked). */
    public static ToolContext withoutSandbox(String projectId) {
        return new ToolContext(projectId, () -> {
            throw new IllegalStateException("this session has no sandbox");
        }, GitSources.NONE);
    }
}
