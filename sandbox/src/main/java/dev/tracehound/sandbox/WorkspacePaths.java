package dev.tracehound.sandbox;

import java.nio.file.Path;

/** The one check of file paths every provider makes before it touches a sandbox. */
final class WorkspacePaths {

    private WorkspacePaths() {}

    /**
     * The path, normalized, if it lies under the workspace (a relative path is taken from the
     * workspace); otherwise {@link SandboxException.Reason#BAD_PATH}.
     */
    static String inWorkspace(String path) {
        if (path == null || path.isBlank() || path.indexOf('\0') >= 0) {
            throw new SandboxException(SandboxException.Reason.BAD_PATH, "a path under " + SandboxSpec.WORKSPACE
                    + " is needed, was '" + path + "'");
        }
        Path workspace = Path.of(SandboxSpec.WORKSPACE);
        Path normalized = workspace.resolve(path).normalize();
        if (!normalized.startsWith(workspace)) {
            throw new SandboxException(SandboxException.Reason.BAD_PATH, "path " + path + " is outside "
                    + SandboxSpec.WORKSPACE + ": sandbox files can only be read and written under it");
        }
        return normalized.toString();
    }
}
