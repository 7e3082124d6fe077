package dev.tracehound.platform.identity;

/**
 * The workspace, project, key or job asked for does not exist in the workspace named, or is
 * being deleted (an HTTP API answers 404: another workspace's things look the same as none).
 */
public final class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message);
    }
}
