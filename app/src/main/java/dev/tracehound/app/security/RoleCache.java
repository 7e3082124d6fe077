package dev.tracehound.app.security;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tracehound.platform.identity.Membership;
import dev.tracehound.platform.identity.MembershipChanges;
import dev.tracehound.platform.identity.Memberships;
import dev.tracehound.platform.identity.Role;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import reactor.core.publisher.Mono;

/**
 * People's roles, remembered between requests and forgotten the moment PostgreSQL announces a
 * change of that membership ({@link MembershipChanges}, on every instance, milliseconds after
 * the commit), so a removed member or a lowered role still counts at once. While announcements cannot be heard, nothing is
 * remembered: every request reads the role from PostgreSQL, as if there were no cache. A role
 * is also forgotten after a minute, should an announcement ever go astray.
 */
final class RoleCache implements MembershipChanges.Listener {

    private record Member(UUID workspace, UUID user) {}

    private final Memberships memberships;
    private final AsyncLoadingCache<Member, Optional<Role>> roles;
    private volatile boolean listening;

    RoleCache(Memberships memberships) {
        this.memberships = memberships;
        this.roles = Caffeine.newBuilder()
                .maximumSize(100_000)
                .expireAfterWrite(Duration.ofMinutes(1))
                .executor(Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("roles-", 0).factory()))
                .buildAsync(member -> memberships.roleOf(member.workspace(), member.user()));
    }

    Mono<Optional<Role>> roleOf(UUID workspace, UUID user) {
        if (!listening) {
            return OffTheEventLoop.call(() -> memberships.roleOf(workspace, user));
        }
        var member = new Member(workspace, user);
        return Mono.fromFuture(roles.get(member), true)
                .onErrorMap(CompletionException.class, e -> e.getCause() == null ? e : e.getCause())
                .doOnNext(role -> {
                    if (role.isEmpty()) {
                        // Not a member is not remembered: someone who just joined is in on their next request.
                        roles.synchronous().invalidate(member);
                    }
                });
    }

    /**
     * The person's role in each of their workspaces, read from PostgreSQL each time, so a membership
     * that ends counts at once: only the few operations on nothing of a workspace (the eval runs) ask.
     */
    Mono<List<Role>> rolesOf(UUID user) {
        return OffTheEventLoop.call(() -> memberships.ofUser(user).stream().map(Membership::role).toList());
    }

    @Override
    public void changed(UUID workspace, UUID user) {
        roles.synchronous().invalidate(new Member(workspace, user));
    }

    @Override
    public void listening(boolean now) {
        // Forget first: a role cached before the gap may have changed during it.
        listening = false;
        roles.synchronous().invalidateAll();
        listening = now;
    }
}
