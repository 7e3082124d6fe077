package dev.tracehound.app.security;

import dev.tracehound.platform.identity.Role;
import java.util.Optional;
import java.util.UUID;
import org.springframework.web.server.ServerWebExchange;

/**
 * What the policy let a request do, for the handler that runs it: who, in which workspace and
 * project (when the path names them), and with which role (people only; keys have none).
 */
public record Authorized(Caller caller, UUID workspaceId, UUID projectId, Role role) {

    private static final String ATTRIBUTE = Authorized.class.getName();

    /** What the policy filter stored for this request; the filter runs before every API handler. */
    public static Authorized of(ServerWebExchange exchange) {
        Authorized authorized = exchange.getAttribute(ATTRIBUTE);
        if (authorized == null) {
            throw new IllegalStateException("the request to " + exchange.getRequest().getPath()
                    + " was not authorized by the policy filter");
        }
        return authorized;
    }

    public Optional<Role> roleIfPerson() {
        return Optional.ofNullable(role);
    }

    void store(ServerWebExchange exchange) {
        exchange.getAttributes().put(ATTRIBUTE, this);
    }
}
