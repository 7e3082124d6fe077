package dev.tracehound.agent.session;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session's event log as a stream: events are stored first (that gives them their number,
 * the SSE id), then handed to whoever follows the session. A follower starts after any number:
 * what is stored is replayed, then live events follow, each exactly once and in order.
 *
 * <p>Live events of one session may be handed over out of order (two threads append at once),
 * or not at all (another instance of the application appended them). Appends commit in number
 * order, so when a follower is handed an event beyond the next one it expects, the ones between
 * are stored already: it reads them from the store first.
 */
public final class SessionEvents {

    private static final Logger log = LoggerFactory.getLogger(SessionEvents.class);
    private static final int REPLAY_PAGE = 1_000;

    private final SessionStore store;
    private final Map<UUID, Set<Follower>> followers = new ConcurrentHashMap<>();

    public SessionEvents(SessionStore store) {
        this.store = store;
    }

    public SessionEvent append(UUID sessionId, String type, String data) {
        SessionEvent event = store.appendEvent(sessionId, type, data);
        deliver(event);
        return event;
    }

    List<SessionEvent> appendAll(UUID sessionId, List<NewEvent> events) {
        List<SessionEvent> stored = store.appendEvents(sessionId, events);
        stored.forEach(this::deliver);
        return stored;
    }

    /** Stores a step's writes in one statement, then hands its events over. */
    public List<SessionEvent> write(UUID sessionId, SessionWrites writes) {
        List<SessionEvent> stored = store.write(sessionId, writes);
        stored.forEach(this::deliver);
        return stored;
    }

    /**
     * Follows a session from after {@code afterSequence}. {@code consumer} runs on the thread that
     * appended the event (or this one, for the replay), so it must be quick and never block:
     * hand the event on. Close the returned handle to stop.
     */
    public AutoCloseable follow(UUID sessionId, long afterSequence, Consumer<SessionEvent> consumer) {
        var follower = new Follower(sessionId, afterSequence, consumer);
        // Added and removed under the map's lock for the session: a follower joining as the last
        // one leaves never lands in a set that was just dropped.
        followers.compute(sessionId, (id, set) -> {
            Set<Follower> joined = set == null ? ConcurrentHashMap.newKeySet() : set;
            joined.add(follower);
            return joined;
        });
        try {
            // Live events that arrive during the replay wait in the follower's queue, then go out in order.
            long after = afterSequence;
            while (true) {
                List<SessionEvent> page = store.eventsAfter(sessionId, after, REPLAY_PAGE);
                page.forEach(follower::replayed);
                if (page.size() < REPLAY_PAGE) {
                    break;
                }
                after = page.getLast().sequence();
            }
            follower.live();
        } catch (RuntimeException e) {
            unfollow(sessionId, follower);
            throw e;
        }
        return () -> unfollow(sessionId, follower);
    }

    private void unfollow(UUID sessionId, Follower follower) {
        followers.computeIfPresent(sessionId, (id, set) -> {
            set.remove(follower);
            return set.isEmpty() ? null : set;
        });
    }

    private void deliver(SessionEvent event) {
        var set = followers.get(event.sessionId());
        if (set != null) {
            for (Follower follower : set) {
                follower.offer(event);
            }
        }
    }

    private final class Follower {
        private final UUID sessionId;
        private final Consumer<SessionEvent> consumer;
        private final ArrayDeque<SessionEvent> waiting = new ArrayDeque<>();
        private long delivered;
        private boolean live;

        Follower(UUID sessionId, long afterSequence, Consumer<SessionEvent> consumer) {
            this.sessionId = sessionId;
            this.delivered = afterSequence;
            this.consumer = consumer;
        }

        synchronized void replayed(SessionEvent event) {
            pass(event);
        }

        synchronized void live() {
            while (!waiting.isEmpty()) {
                accept(waiting.poll());
            }
            live = true;
        }

        synchronized void offer(SessionEvent event) {
            if (live) {
                accept(event);
            } else {
                waiting.add(event);
            }
        }

        private void accept(SessionEvent event) {
            if (event.sequence() > delivered + 1) {
                fillGap(event.sequence());
            }
            pass(event);
        }

        /** Reads the events numbered between the last one passed on and {@code before}. */
        private void fillGap(long before) {
            try {
                while (delivered + 1 < before) {
                    List<SessionEvent> missing = store.eventsAfter(sessionId, delivered,
                            (int) Math.min(before - delivered - 1, REPLAY_PAGE));
                    if (missing.isEmpty()) {
                        break;
                    }
                    missing.forEach(this::pass);
                }
            } catch (RuntimeException e) {
                log.warn("events {} to {} of session {} could not be read; a follower skips them", delivered + 1,
                        before - 1, sessionId, e);
            }
        }

        private void pass(SessionEvent event) {
            if (event.sequence() <= delivered) {
                return;
            }
            delivered = event.sequence();
            try {
                consumer.accept(event);
            } catch (RuntimeException e) {
                log.warn("a follower of session {} failed on event {}", event.sessionId(), event.sequence(), e);
            }
        }
    }
}
