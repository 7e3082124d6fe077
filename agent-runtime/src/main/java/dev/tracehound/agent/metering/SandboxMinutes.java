package dev.tracehound.agent.metering;

import dev.tracehound.agent.session.AgentSession;
import dev.tracehound.agent.session.SandboxLeaseStore;
import dev.tracehound.sandbox.Sandbox;
import dev.tracehound.sandbox.SandboxSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Meters the sandboxes sessions hold: a lease row per sandbox ({@link SandboxLeaseStore}) from the
 * moment the provider hands it over to its release. Every {@link #heartbeat} it asks each held
 * sandbox whether it is still ready: a ready one is marked seen, one that ended by itself (its time
 * to live, a crash) has its lease ended when it was last seen ready. It also ends the leases no
 * instance has seen for {@link #STALE_HEARTBEATS} heartbeats at their last sighting: their service
 * died, and its sandboxes stopped with it. So a lease counts at most one heartbeat more than its
 * sandbox lived, and never runs on after its service is gone.
 */
public final class SandboxMinutes implements AutoCloseable {

    /** How often held sandboxes are looked at and marked seen. */
    public static final Duration HEARTBEAT = Duration.ofSeconds(30);
    /** Heartbeats without a sighting after which an open lease is taken for one its service left. */
    static final int STALE_HEARTBEATS = 4;

    private static final Logger log = LoggerFactory.getLogger(SandboxMinutes.class);

    private final SandboxLeaseStore store;
    private final Clock clock;
    private final Duration heartbeat;
    private final Map<Long, LeasedSandbox> held = new ConcurrentHashMap<>();
    private ScheduledExecutorService scheduler;

    public SandboxMinutes(SandboxLeaseStore store, Clock clock, Duration heartbeat) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (heartbeat.isNegative() || heartbeat.isZero()) {
            throw new IllegalArgumentException("the heartbeat must be positive, was " + heartbeat);
        }
        this.heartbeat = heartbeat;
    }

    /** Ends the leases earlier lives of any instance left open, then beats every {@link #heartbeat}. */
    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("sandbox-minutes")
                .factory());
        scheduler.scheduleWithFixedDelay(this::beatSafely, 0, heartbeat.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Starts the lease of a sandbox the provider just made (or took from its warm pool) for the
     * session; the sandbox given back ends the lease when closed. If the lease cannot be stored, the
     * sandbox is closed and the failure thrown: a sandbox is not handed out unmetered.
     */
    public Sandbox lease(AgentSession session, String provider, Sandbox sandbox) {
        long id;
        try {
            id = store.open(new SandboxLeaseStore.NewLease(session.workspaceId(), session.projectId(), session.id(),
                    provider, sandbox.id(), sandbox.spec().network() != SandboxSpec.Network.NONE, clock.instant()));
        } catch (RuntimeException e) {
            sandbox.close();
            throw e;
        }
        var leased = new LeasedSandbox(sandbox, id, this);
        held.put(id, leased);
        return leased;
    }

    /** One heartbeat: what {@link #start()} runs on its schedule. */
    public void beat() {
        Instant now = clock.instant();
        var seen = new ArrayList<Long>();
        for (LeasedSandbox leased : held.values()) {
            Sandbox.Status status;
            try {
                status = leased.delegate().status();
            } catch (RuntimeException e) {
                // The engine did not answer: neither seen nor ended; an answer at the next beat decides.
                log.debug("could not ask sandbox {} how it is", leased.id(), e);
                continue;
            }
            if (status == Sandbox.Status.READY) {
                seen.add(leased.lease());
            } else if (held.remove(leased.lease()) != null) {
                store.endAtLastSeen(leased.lease());
            }
        }
        int marked = store.seen(seen, now);
        long stillHeld = seen.stream().filter(held::containsKey).count();
        if (marked < stillHeld) {
            log.warn("{} of {} held sandboxes had their leases ended by another instance (no heartbeat for {})",
                    stillHeld - marked, stillHeld, heartbeat.multipliedBy(STALE_HEARTBEATS));
        }
        int dangling = store.endDangling(now.minus(heartbeat.multipliedBy(STALE_HEARTBEATS)));
        if (dangling > 0) {
            log.info("ended {} sandbox leases left open by a service that stopped, when they were last seen", dangling);
        }
    }

    private void beatSafely() {
        try {
            beat();
        } catch (RuntimeException e) {
            log.warn("the sandbox heartbeat failed; trying again in {}", heartbeat, e);
        }
    }

    /** The sandbox was closed: its lease ends now, or when last seen if it had ended by itself before. */
    void released(LeasedSandbox leased, boolean wasReady) {
        if (held.remove(leased.lease()) == null) {
            return;
        }
        try {
            if (wasReady) {
                store.end(leased.lease(), clock.instant());
            } else {
                store.endAtLastSeen(leased.lease());
            }
        } catch (RuntimeException e) {
            // Left open, it is counted up to its last heartbeat and ended there by a later one.
            log.warn("could not end the lease of sandbox {}; it counts up to when it was last seen", leased.id(), e);
        }
    }

    /** Stops the heartbeat; the sandboxes' holders close them (and end their leases) themselves. */
    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }
}
