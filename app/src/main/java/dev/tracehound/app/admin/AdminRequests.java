package dev.tracehound.app.admin;

import dev.tracehound.app.security.Authorized;
import dev.tracehound.app.security.Caller;
import dev.tracehound.platform.identity.Actor;
import dev.tracehound.platform.identity.Role;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

/** What every admin handler needs from its request: who acts, from where, and input read strictly. */
public final class AdminRequests {

    private static final int MAX_USER_AGENT = 1000;

    private AdminRequests() {}

    /** The audit log's actor: the caller, with the client's address and user agent. */
    public static Actor actor(Authorized access, ServerWebExchange exchange) {
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        String ip = remote == null || remote.getAddress() == null ? null : remote.getAddress().getHostAddress();
        String agent = exchange.getRequest().getHeaders().getFirst(HttpHeaders.USER_AGENT);
        if (agent != null && agent.length() > MAX_USER_AGENT) {
            agent = agent.substring(0, MAX_USER_AGENT);
        }
        return access.caller().actor(ip, agent);
    }

    /** The person behind the request; the policy lets only people reach workspace operations. */
    public static UUID personId(Authorized access) {
        if (access.caller() instanceof Caller.Person person) {
            return person.userId();
        }
        throw new IllegalStateException("a workspace operation reached without a person");
    }

    static Role role(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a role is needed: owner, admin, member or viewer");
        }
        try {
            return Role.valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("no role '" + text + "'; the roles are owner, admin, member and viewer");
        }
    }

    public static UUID uuid(String what, String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw notFound("no " + what + " '" + text + "'");
        }
    }

    public static ResponseStatusException notFound(String detail) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, detail);
    }

    public static String lower(Enum<?> value) {
        return value == null ? null : value.name().toLowerCase(Locale.ROOT);
    }
}
