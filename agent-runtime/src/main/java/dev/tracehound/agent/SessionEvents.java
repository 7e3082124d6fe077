package dev.tracehound.agent;

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

    public List<SessionEvent> appendAll(UUID sessionId, List<NewEvent> events) {
        List<SessionEvent> stored = store.appendEvents(sessionId, events);
        stored.forEach(this::deliver);
        return stored;
    }

    /**
     * Follows a session from after {@code afterSequence}. {@code consumer} runs on the thread that
     * appended the event (or this one, for the replay), so it must be quick and never block:
     * hand the event on. Close the returned handle to stop.
     */
    public AutoCloseable follow(UUID sessionId, long afterSequence, Consumer<SessionEvent> consumer) {
        var follower = new Follower(afterSequence, consumer);
        var set = followers.computeIfAbsent(sessionId, id -> ConcurrentHashMap.newKeySet());
        set.add(follower);
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
        return () -> {
            set.remove(follower);
            followers.computeIfPresent(sessionId, (id, left) -> left.isEmpty() ? null : left);
        };
    }

    private void deliver(SessionEvent event) {
        var set = followers.get(event.sessionId());
        if (set != null) {
            for (Follower follower : set) {
                follower.offer(event);
            }
        }
    }

    private static final class Follower {
        private final Consumer<SessionEvent> consumer;
        private final ArrayDeque<SessionEvent> waiting = new ArrayDeque<>();
        private long delivered;
        private boolean live;

        Follower(long afterSequence, Consumer<SessionEvent> consumer) {
            this.delivered = afterSequence;
            this.consumer = consumer;
        }

        synchronized void replayed(SessionEvent event) {
            pass(event);
        }

        synchronized void live() {
            while (!waiting.isEmpty()) {
                pass(waiting.poll());
            }
            live = true;
        }

        synchronized void offer(SessionEvent event) {
            if (live) {
                pass(event);
            } else {
                waiting.add(event);
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
