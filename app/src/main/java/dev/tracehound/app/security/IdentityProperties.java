package dev.tracehound.app.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Workspaces. (Seats per workspace come from its plan; {@code tracehound.identity.seats} caps
 * them for every plan, read with the agent's budgets by the {@code Entitlements} bean.)
 *
 * @param defaultWorkspace the slug of the workspace the first person to sign in on a fresh
 *                         install owns (created if missing)
 */
@ConfigurationProperties("tracehound.identity")
record IdentityProperties(String defaultWorkspace) {

    IdentityProperties {
        defaultWorkspace = defaultWorkspace == null || defaultWorkspace.isBlank() ? "default" : defaultWorkspace.strip();
    }
}
