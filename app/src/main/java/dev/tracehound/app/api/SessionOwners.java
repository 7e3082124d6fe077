package dev.tracehound.app.api;

import dev.tracehound.agent.session.AgentSession;
import dev.tracehound.agent.session.SessionStore;
import dev.tracehound.app.security.Authorized;
import dev.tracehound.app.security.Caller;
import dev.tracehound.incidents.investigate.Investigations;
import dev.tracehound.platform.identity.Action;
import dev.tracehound.platform.identity.RolePolicy;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * Whose an agent session is, and what that allows: everyone who may chat in the project reads
 * its sessions; only the session's owner continues one (sends messages, renames it, decides on
 * its tool calls); the owner or a workspace admin cancels or deletes it. A person owns the
 * sessions they start; sessions started with a read key belong to the project's read keys; an
 * incident's investigation belongs to the workspace, and its people continue it.
 */
final class SessionOwners {

    /** The owner of sessions started with a read key. */
    private static final String READ_KEYS = "api-key";

    private final SessionStore store;

    SessionOwners(SessionStore store) {
        this.store = store;
    }

    /** What a session records as its owner. */
    static String of(Caller caller) {
        return switch (caller) {
            case Caller.Person person -> person.userId().toString();
            case Caller.ProjectKey key -> READ_KEYS;
        };
    }

    /** The session, when it is in the authorized project; 404 otherwise, as for one that does not exist. */
    AgentSession inProject(Authorized access, String id) {
        Optional<UUID> sessionId = uuid(id);
        return sessionId.flatMap(store::get)
                .filter(session -> session.projectId().equals(access.projectId()))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                        "no session '" + id + "' in this project"));
    }

    /**
     * The session, when the caller owns it, or when it is one of the workspace's investigations and
     * the caller a person of the workspace (anyone who may chat in the project takes it further).
     */
    AgentSession continuable(Authorized access, String id) {
        AgentSession session = inProject(access, id);
        boolean investigation = access.caller() instanceof Caller.Person
                && session.userId().equals(Investigations.sessionOwner(access.workspaceId()));
        if (!investigation && !session.userId().equals(of(access.caller()))) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN,
                    "only the person who started this session continues it; start a session of your own");
        }
        return session;
    }

    /** The session, when the caller owns it or administers the project. */
    AgentSession removable(Authorized access, String id) {
        AgentSession session = inProject(access, id);
        boolean admin = access.roleIfPerson().filter(role -> RolePolicy.allows(role, Action.MANAGE_PROJECTS)).isPresent();
        if (!admin && !session.userId().equals(of(access.caller()))) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN,
                    "only the session's owner or a workspace admin may cancel or delete it");
        }
        return session;
    }

    private static Optional<UUID> uuid(String text) {
        try {
            return Optional.of(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
