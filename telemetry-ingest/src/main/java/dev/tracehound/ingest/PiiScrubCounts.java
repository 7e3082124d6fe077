package dev.tracehound.ingest;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many replacements each scrub rule made, keyed by rule name ({@code email}, {@code card-number},
 * a project rule's name, {@link #DROPPED_ATTRIBUTE}, {@link #TRUNCATED}), for the caller to meter.
 * Safe to share between threads; usually one per request or per project.
 */
public final class PiiScrubCounts {

    /** Counts attributes removed because their key is on the project's drop list. */
    static final String DROPPED_ATTRIBUTE = "dropped-attribute";
    /** Counts values cut at {@link PiiScrubber#SCAN_LIMIT_CHARS} so that no unscanned text is stored. */
    static final String TRUNCATED = "truncated";

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    /** Replacements made by the named rule so far; 0 for a rule that never fired. */
    long get(String ruleName) {
        LongAdder count = counts.get(ruleName);
        return count == null ? 0 : count.sum();
    }

    long total() {
        return counts.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** A sorted copy holding only the rules that fired. */
    public Map<String, Long> snapshot() {
        var copy = new TreeMap<String, Long>();
        counts.forEach((rule, count) -> copy.put(rule, count.sum()));
        return copy;
    }

    @Override
    public String toString() {
        return snapshot().toString();
    }

    void add(String ruleName, int replacements) {
        counts.computeIfAbsent(ruleName, rule -> new LongAdder()).add(replacements);
    }
}
