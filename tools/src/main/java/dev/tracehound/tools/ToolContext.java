package dev.tracehound.tools;

import dev.tracehound.sandbox.Sandbox;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What a session gives its tools. The project is the only one a tool reads: no tool takes a
 * project from a model's input.
 *
 * @param projectId    the session's project
 * @param sandbox      the session's sandbox, created by the caller on first use; tools that need
 *                     no sandbox never call it
 * @param repositories the git repositories the project allows the git tool to clone
 */
public record ToolContext(String projectId, Supplier<Sandbox> sandbox, GitSources repositories) {

    public ToolContext {
        if (projectId == null || projectId.isBlank()) {
            throw new IllegalArgumentException("a tool context needs the session's project");
        }
        Objects.requireNonNull(sandbox, "sandbox supplier");
        repositories = repositories == null ? GitSources.NONE : repositories;
    }

    /** A context whose tools may not use a sandbox (the supplier throws when asked). */
    public static ToolContext withoutSandbox(String projectId) {
        return new ToolContext(projectId, () -> {
            throw new IllegalStateException("this session has no sandbox");
        }, GitSources.NONE);
    }
}
