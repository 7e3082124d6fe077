package dev.tracehound.sandbox;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spare sandboxes made ahead of time, so a session gets one without waiting for a container to
 * start. Spares are kept per shape (a spec without its owner and time to live) for the few shapes
 * asked most recently; a spare given out is replaced in the background.
 */
final class WarmPool implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WarmPool.class);
    static final SandboxSpec.Owner OWNER = new SandboxSpec.Owner("pool", "pool", "pool");
    /** How long an unused spare may wait; the reaper removes it after that, and the pool makes another. */
    static final Duration SPARE_TTL = Duration.ofHours(1);
    private static final int MAX_SHAPES = 4;

    private final int size;
    private final Function<SandboxSpec, DockerSandbox> create;
    /** In access order: the first shape is the one asked for longest ago. */
    private final Map<SandboxSpec, Deque<DockerSandbox>> spares = new LinkedHashMap<>(8, 0.75f, true);
    private final Map<SandboxSpec, Integer> making = new HashMap<>();
    private boolean closed;

    WarmPool(int size, Function<SandboxSpec, DockerSandbox> create) {
        this.size = size;
        this.create = create;
    }

    static SandboxSpec shapeOf(SandboxSpec spec) {
        return spec.withOwner(OWNER).withTtl(SPARE_TTL);
    }

    /** A live spare of this spec's shape, if one is ready; asks for a replacement either way. */
    Optional<DockerSandbox> take(SandboxSpec spec) {
        SandboxSpec shape = shapeOf(spec);
        DockerSandbox taken = null;
        var stale = new ArrayList<DockerSandbox>();
        synchronized (this) {
            var ready = spares.computeIfAbsent(shape, key -> new ArrayDeque<>());
            while (taken == null && !ready.isEmpty()) {
                var spare = ready.poll();
                if (spare.alive()) {
                    taken = spare;
                } else {
                    stale.add(spare);
                }
            }
            stale.addAll(evictOldShapes());
        }
        stale.forEach(DockerSandbox::close);
        refill(shape);
        return Optional.ofNullable(taken);
    }

    private void refill(SandboxSpec shape) {
        int missing;
        synchronized (this) {
            var ready = spares.get(shape);
            if (closed || ready == null) {
                return;
            }
            missing = size - ready.size() - making.getOrDefault(shape, 0);
            if (missing <= 0) {
                return;
            }
            making.merge(shape, missing, Integer::sum);
        }
        for (int i = 0; i < missing; i++) {
            Thread.ofVirtual().name("sandbox-warm-pool").start(() -> make(shape));
        }
    }

    private void make(SandboxSpec shape) {
        DockerSandbox spare = null;
        try {
            spare = create.apply(shape);
        } catch (RuntimeException e) {
            log.warn("the warm pool could not make a spare sandbox of {}; the next request makes it again",
                    shape.image(), e);
        }
        boolean kept = false;
        synchronized (this) {
            making.merge(shape, -1, Integer::sum);
            var ready = spares.get(shape);
            if (spare != null && !closed && ready != null) {
                ready.add(spare);
                kept = true;
            }
        }
        if (spare != null && !kept) {
            spare.close();
        }
    }

    /** Spares ready to be given out, of every shape. */
    synchronized int ready() {
        return spares.values().stream().mapToInt(Deque::size).sum();
    }

    private List<DockerSandbox> evictOldShapes() {
        var evicted = new ArrayList<DockerSandbox>();
        Iterator<Map.Entry<SandboxSpec, Deque<DockerSandbox>>> oldestFirst = spares.entrySet().iterator();
        while (spares.size() > MAX_SHAPES && oldestFirst.hasNext()) {
            evicted.addAll(oldestFirst.next().getValue());
            oldestFirst.remove();
        }
        return evicted;
    }

    @Override
    public void close() {
        var all = new ArrayList<DockerSandbox>();
        synchronized (this) {
            closed = true;
            spares.values().forEach(all::addAll);
            spares.clear();
        }
        all.forEach(DockerSandbox::close);
    }
}
