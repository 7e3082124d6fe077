package dev.tracehound.platform.identity;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Tells a cache of roles when a membership changes, on any instance: the database announces
 * every insert, update and delete of a membership at commit (channel
 * {@code tracehound_memberships}), and this listens on one connection of its own, held for as
 * long as it runs. While the connection is down announcements can be missed, so the listener
 * hears {@code listening(false)} and must stop trusting what it cached until
 * {@code listening(true)} comes back.
 */
public final class MembershipChanges implements AutoCloseable {

    /** What a role cache does with the announcements. */
    public interface Listener {

        /** The membership of {@code user} in {@code workspace} was made, changed or removed. */
        void changed(UUID workspace, UUID user);

        /** Whether announcements arrive now; on either change, everything cached may be stale. */
        void listening(boolean listening);
    }

    static final String CHANNEL = "tracehound_memberships";

    private static final System.Logger log = System.getLogger(MembershipChanges.class.getName());
    private static final int WAIT_MILLIS = 500;
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final DataSource dataSource;
    private final Listener listener;
    private final Thread thread;
    private volatile boolean closed;

    private MembershipChanges(DataSource dataSource, Listener listener) {
        this.dataSource = dataSource;
        this.listener = listener;
        this.thread = Thread.ofVirtual().name("membership-changes").unstarted(this::run);
    }

    /** Starts listening in the background; the listener hears {@code listening(true)} once it does. */
    public static MembershipChanges start(DataSource dataSource, Listener listener) {
        var changes = new MembershipChanges(dataSource, listener);
        changes.thread.start();
        return changes;
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        while (!closed) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                PGConnection postgres = connection.unwrap(PGConnection.class);
                listener.listening(true);
                while (!closed) {
                    PGNotification[] notifications = postgres.getNotifications(WAIT_MILLIS);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            announce(notification.getParameter());
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                listener.listening(false);
                if (closed) {
                    return;
                }
                log.log(System.Logger.Level.WARNING, "membership changes: not listening ({0}); roles are read from "
                        + "PostgreSQL on every request until it listens again, in {1}", e.getMessage(), RETRY);
                try {
                    Thread.sleep(RETRY);
                } catch (InterruptedException stopped) {
                    return;
                }
            }
        }
        listener.listening(false);
    }

    private void announce(String payload) {
        int colon = payload.indexOf(':');
        try {
            listener.changed(UUID.fromString(payload.substring(0, colon)), UUID.fromString(payload.substring(colon + 1)));
        } catch (RuntimeException e) {
            // Someone else's notification on our channel: forget everything rather than guess.
            log.log(System.Logger.Level.WARNING, "membership changes: unreadable announcement ''{0}''; forgetting "
                    + "every cached role", payload);
            listener.listening(false);
            listener.listening(true);
        }
    }
}
