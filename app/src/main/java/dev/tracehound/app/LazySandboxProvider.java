package dev.tracehound.app;

import dev.tracehound.sandbox.Sandbox;
import dev.tracehound.sandbox.SandboxProvider;
import dev.tracehound.sandbox.SandboxSpec;
import java.util.function.Supplier;

/**
 * The configured provider, made when it is first reachable: the service starts while Docker
 * is down (health says so), and sandboxes work once it is up. A provider made at start-up
 * reaps what an earlier run left behind.
 */
final class LazySandboxProvider implements SandboxProvider {

    private final String name;
    private final Supplier<SandboxProvider> factory;
    private SandboxProvider provider;

    LazySandboxProvider(String name, Supplier<SandboxProvider> factory) {
        this.name = name;
        this.factory = factory;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Sandbox create(SandboxSpec spec) {
        return provider().create(spec);
    }

    synchronized SandboxProvider provider() {
        if (provider == null) {
            provider = factory.get();
        }
        return provider;
    }

    @Override
    public synchronized void close() {
        if (provider != null) {
            provider.close();
        }
    }
}
