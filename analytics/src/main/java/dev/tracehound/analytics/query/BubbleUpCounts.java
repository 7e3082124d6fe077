package dev.tracehound.analytics.query;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** What BubbleUp's statements count, and how the sample is drawn and the baseline reweighted. */
final class BubbleUpCounts {

    /** Span id hashes are compared modulo this to keep a share of the spans. */
    static final long SAMPLE_SCALE = 1_000_000;

    private BubbleUpCounts() {}

    /** An operation: the spans of one service and span name; {@code hash} is cityHash64 of both, as ClickHouse has it. */
    record Stratum(String service, String name, String hash, long selected, long baseline) {

        String id() {
            return service + "\0" + name;
        }
    }

    /** The sizes of the selection and of its baseline, and the operations the selection has spans of. */
    record Sets(long selected, long baseline, List<Stratum> strata) {}

    /** A value's counts in the sample: selected spans, baseline spans, and the baseline's summed weights. */
    record Count(String value, BubbleUpResult.Kind kind, long selected, long baseline, double weighted) {

        static Count of(String value, JsonNode counts) {
            return new Count(value, BubbleUpResult.Kind.VALUE, counts.get(1).asLong(), counts.get(2).asLong(),
                    counts.get(3).asDouble());
        }
    }

    /**
     * A dimension as counted: kept values and OTHER, or numeric buckets; spans lacking it are not
     * among its counts.
     */
    record Compared(String dim, boolean numeric, List<Count> counts) {}

    /**
     * How the baseline is reweighted to the selection's mix of operations. An operation with
     * enough baseline spans gets {@code factor = w / (q * N)}: {@code w} its share of the
     * selection, {@code N} its baseline spans, {@code q} the baseline's sampling rate; so its
     * sampled baseline spans weigh {@code w} together. The selection's share in other
     * operations, {@code rest}, is compared with the whole baseline.
     */
    record Weights(Map<String, Double> factors, Map<String, Long> baselineSpans, double rest,
            double samplingRate) {

        static Weights of(Sets sets) {
            double q = rate(BubbleUpQueries.SAMPLE_SPANS, sets.baseline());
            var factors = new LinkedHashMap<String, Double>();
            var baseline = new LinkedHashMap<String, Long>();
            double covered = 0;
            int chars = 0;
            for (Stratum stratum : sets.strata()) {
                // An operation named at great length (a SQL text as span name) is compared with the whole baseline.
                if (stratum.baseline() >= BubbleUpQueries.MIN_STRATUM_BASELINE
                        && stratum.id().length() <= BubbleUpQueries.MAX_KEY_CHARS
                        && (chars += stratum.id().length()) <= BubbleUpQueries.MAX_STRATA_CHARS) {
                    double w = (double) stratum.selected() / sets.selected();
                    factors.put(stratum.hash(), w / (q * stratum.baseline()));
                    baseline.put(stratum.hash(), stratum.baseline());
                    covered += w;
                }
            }
            return new Weights(factors, baseline, Math.max(0, 1 - covered), q);
        }
    }

    /** The hash threshold that keeps about {@code wanted} of {@code total} spans (all when fewer). */
    static long keep(long wanted, long total) {
        return total <= wanted ? SAMPLE_SCALE : Math.max(1, (long) Math.ceil((double) wanted * SAMPLE_SCALE / total));
    }

    /** The share of spans a {@link #keep} threshold keeps. */
    static double rate(long wanted, long total) {
        return (double) keep(wanted, total) / SAMPLE_SCALE;
    }
}
