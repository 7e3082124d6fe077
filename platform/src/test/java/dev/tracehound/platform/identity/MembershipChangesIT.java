package dev.tracehound.platform.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracehound.platform.SeatLimit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MembershipChangesIT {

    private IdentityDatabase db;
    private final List<String> heard = new CopyOnWriteArrayList<>();
    private final List<Boolean> listening = new CopyOnWriteArrayList<>();
    private MembershipChanges changes;

    @BeforeEach
    void start() throws Exception {
        db = new IdentityDatabase(SeatLimit.UNLIMITED);
        changes = MembershipChanges.start(db.postgres.dataSource(), new MembershipChanges.Listener() {
            @Override
            public void changed(UUID workspace, UUID user) {
                heard.add(workspace + ":" + user);
            }

            @Override
            public void listening(boolean now) {
                listening.add(now);
            }
        });
        await(() -> listening.contains(true));
    }

    @AfterEach
    void stop() {
        changes.close();
        db.close();
    }

    @Test
    void everyChangeOfAMembershipIsHeardAtCommit() throws Exception {
        User owner = db.signIn("olivia");
        UUID workspace = db.defaultWorkspace();
        User member = db.signIn("mia");
        db.addMember(workspace, member, Role.MEMBER);
        String expected = workspace + ":" + member.id();
        await(() -> heard.contains(expected));

        heard.clear();
        db.memberships.changeRole(Actor.user(owner.id(), null, null), workspace, member.id(), Role.VIEWER);
        await(() -> heard.contains(expected));

        heard.clear();
        db.memberships.remove(Actor.user(owner.id(), null, null), workspace, member.id());
        await(() -> heard.contains(expected));
        assertThat(heard).as("only the changed membership").containsOnly(expected);
    }

    @Test
    void closingSaysItNoLongerListens() throws Exception {
        changes.close();

        assertThat(listening).last().isEqualTo(false);
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 10 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
