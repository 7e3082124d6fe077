package dev.tracehound.sandbox;

/** Creates sandboxes: on the local Docker engine, or on Daytona. */
public interface SandboxProvider extends AutoCloseable {

    /** {@code docker} or {@code daytona}. */
    String name();

    /**
     * A new sandbox, ready for commands.
     *
     * @throws IllegalArgumentException for a spec the provider cannot honour, before anything starts
     * @throws SandboxException         when the image does not exist or the provider is unavailable
     */
    Sandbox create(SandboxSpec spec);

    /** Closes every sandbox this provider created and still holds. */
    @Override
    void close();
}
