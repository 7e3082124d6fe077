package dev.tracehound.evals.generate;

import dev.tracehound.evals.scenario.Fact;
import dev.tracehound.evals.scenario.Fault;
import dev.tracehound.evals.scenario.Question;
import dev.tracehound.evals.scenario.Scenario;
import dev.tracehound.evals.scenario.Selector;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Keeps, while the spans go by, only what the scenario's questions ask of them: the figures of
 * their facts, the traces that count as their evidence and the trace a question about one trace
 * names. Nothing else of a span is kept.
 */
final class Ledger {

    private final Map<Fact.Truth, Tally> tallies = new LinkedHashMap<>();
    private final Map<Question.Evidence, EvidenceWatch> evidence = new LinkedHashMap<>();
    private final Map<Selector, TraceWatch> traces = new LinkedHashMap<>();

    Ledger(Scenario scenario) {
        long start = nanos(scenario.start());
        long end = nanos(scenario.anchor());
        List<Fault> faults = scenario.telemetry().faults();
        for (Question question : scenario.questions()) {
            Stream.concat(question.mustContain().stream(), question.mustNotClaim().stream())
                    .map(Fact::truth)
                    .filter(truth -> truth != null)
                    .forEach(truth -> tallies.computeIfAbsent(truth, t -> new Tally(t,
                            Window.of(start, end, t.fromMinute(), t.forMinutes()))));
            if (question.evidence() != null) {
                evidence.computeIfAbsent(question.evidence(), e -> {
                    Window window = Window.of(start, end, e.fromMinute(), e.forMinutes());
                    return new EvidenceWatch(e.where(), window, faultsOn(faults, e.where(), start, window));
                });
            }
            if (question.trace() != null) {
                traces.computeIfAbsent(question.trace(), selector -> new TraceWatch(selector,
                        faultsOn(faults, selector, start, Window.of(start, Long.MAX_VALUE, null, null))));
            }
        }
    }

    void observe(Draft span, long duration, boolean failed) {
        for (Tally tally : tallies.values()) {
            tally.observe(span, duration, failed);
        }
        for (EvidenceWatch watch : evidence.values()) {
            watch.observe(span);
        }
        for (TraceWatch watch : traces.values()) {
            watch.observe(span);
        }
    }

    void endTrace(String traceId) {
        for (EvidenceWatch watch : evidence.values()) {
            watch.endTrace(traceId);
        }
        for (TraceWatch watch : traces.values()) {
            watch.endTrace(traceId);
        }
    }

    Generated result(long spans, long logs, long traceCount) {
        var truths = new LinkedHashMap<Fact.Truth, Double>();
        tallies.forEach((truth, tally) -> truths.put(truth, tally.value()));
        var evidenceTraces = new LinkedHashMap<Question.Evidence, Set<String>>();
        evidence.forEach((e, watch) -> evidenceTraces.put(e, watch.traces));
        var firstTraces = new LinkedHashMap<Selector, String>();
        traces.forEach((selector, watch) -> watch.first().ifPresent(trace -> firstTraces.put(selector, trace)));
        return new Generated(spans, logs, traceCount, truths, evidenceTraces, firstTraces);
    }

    /** The bits of the faults on exactly this selector that are active at some time of the window. */
    private static long faultsOn(List<Fault> faults, Selector selector, long start, Window window) {
        long bits = 0;
        for (int i = 0; i < faults.size(); i++) {
            Fault fault = faults.get(i);
            long from = start + minutes(fault.fromMinute());
            long to = from + minutes(fault.forMinutes());
            if (fault.where().equals(selector) && from < window.to && window.from < to) {
                bits |= 1L << i;
            }
        }
        return bits;
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    private static long minutes(long minutes) {
        return minutes * 60_000_000_000L;
    }

    /** Span starts from {@code from} (inclusive) to {@code to} (exclusive). */
    private record Window(long from, long to) {

        /** The minutes given from the window's start, or the whole window when they are null. */
        static Window of(long start, long end, Integer fromMinute, Integer forMinutes) {
            if (fromMinute == null) {
                return new Window(start, end);
            }
            long from = start + minutes(fromMinute);
            return new Window(from, forMinutes == null ? end : from + minutes(forMinutes));
        }

        boolean contains(long time) {
            return time >= from && time < to;
        }
    }

    /** One figure of the spans a truth selects. */
    private static final class Tally {
        private final Fact.Truth truth;
        private final Window window;
        private final double percentile;
        private long count;
        private long errors;
        private long inputTokens;
        private long outputTokens;
        private double cost;
        private long[] durations;
        private int measured;

        Tally(Fact.Truth truth, Window window) {
            this.truth = truth;
            this.window = window;
            this.percentile = switch (truth.measure()) {
                case "p50" -> 50;
                case "p95" -> 95;
                case "p99" -> 99;
                default -> 0;
            };
            this.durations = new long[percentile > 0 ? 1024 : 0];
        }

        void observe(Draft span, long duration, boolean failed) {
            if (!window.contains(span.start) || !span.selectedBy(truth.where())) {
                return;
            }
            count++;
            errors += failed ? 1 : 0;
            inputTokens += span.llm.inputTokens();
            outputTokens += span.llm.outputTokens();
            cost += span.llm.costUsd();
            if (percentile > 0) {
                if (measured == durations.length) {
                    durations = Arrays.copyOf(durations, durations.length * 2);
                }
                durations[measured++] = duration;
            }
        }

        double value() {
            return switch (truth.measure()) {
                case "count" -> count;
                case "errors" -> errors;
                case "error-rate" -> count == 0 ? 0 : (double) errors / count;
                case "input-tokens" -> inputTokens;
                case "output-tokens" -> outputTokens;
                case "cost" -> cost;
                default -> nearestRank();
            };
        }

        /** The exact nearest-rank percentile of the durations, in milliseconds; 0 without spans. */
        private double nearestRank() {
            if (measured == 0) {
                return 0;
            }
            long[] sorted = Arrays.copyOf(durations, measured);
            Arrays.sort(sorted);
            int rank = (int) Math.ceil(percentile / 100 * measured);
            return sorted[Math.max(1, rank) - 1] / 1e6;
        }
    }

    /**
     * The traces that count as evidence: those with a span the selector selects in the window;
     * when a fault on the same selector is active then, those where it changed a span.
     */
    private static final class EvidenceWatch {
        private final Selector where;
        private final Window window;
        private final long faults;
        private final Set<String> traces = new LinkedHashSet<>();
        private boolean hit;

        EvidenceWatch(Selector where, Window window, long faults) {
            this.where = where;
            this.window = window;
            this.faults = faults;
        }

        void observe(Draft span) {
            if (hit || !window.contains(span.start)) {
                return;
            }
            // An outage's spans are its callers' client spans: the down service has none to select.
            hit = faults == 0 ? span.selectedBy(where) : (span.affectedBy & faults) != 0;
        }

        void endTrace(String traceId) {
            if (hit) {
                traces.add(traceId);
            }
            hit = false;
        }
    }

    /** The first trace with a span the selector selects, and the first where a fault on it changed one. */
    private static final class TraceWatch {
        private final Selector selector;
        private final long faults;
        private String firstSelected;
        private String firstAffected;
        private boolean selected;
        private boolean affected;

        TraceWatch(Selector selector, long faults) {
            this.selector = selector;
            this.faults = faults;
        }

        void observe(Draft span) {
            affected |= (span.affectedBy & faults) != 0;
            selected |= firstSelected == null && span.selectedBy(selector);
        }

        void endTrace(String traceId) {
            if (selected && firstSelected == null) {
                firstSelected = traceId;
            }
            if (affected && firstAffected == null) {
                firstAffected = traceId;
            }
            selected = false;
            affected = false;
        }

        Optional<String> first() {
            return Optional.ofNullable(firstAffected != null ? firstAffected : firstSelected);
        }
    }
}
