package dev.tracehound.analytics.query;

import dev.tracehound.analytics.ClickHouse;
import dev.tracehound.analytics.Row;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * BubbleUp: which fields and attributes set a selection of spans apart from its baseline, the
 * rest of the same base. Every field (service, span name, kind, status, scope, duration), every
 * span attribute key and every resource attribute key of the window is a dimension. A span
 * lacking an attribute counts as the value {@link BubbleUpResult.Kind#MISSING}, so shares of
 * the two sets are comparable. Numeric dimensions with more than
 * {@value #MAX_DISTINCT_NUMBERS} values are bucketed on a 1-2-5 log scale (1, 2, 5, 10, 20, ...);
 * other dimensions keep their most common values in either set, the rest count as
 * {@link BubbleUpResult.Kind#OTHER}, so ids cost as little as any other attribute.
 *
 * <h2>Scoring</h2>
 * A value's score is how much more common it is in the selection than expected, less what
 * chance alone could explain:
 * <pre>
 *   score(v) = max(0, p_sel(v) - p_exp(v) - 3 * SE)
 * </pre>
 * {@code p_sel} is the value's share of the selection. {@code p_exp}, the expected share, is its
 * share of the baseline <em>reweighted to the selection's mix of operations</em>: each
 * operation (service and span name) weighs in the baseline as much as it does in the
 * selection. {@code SE} is the standard error of the difference of two proportions (sizes
 * of both sets; for the reweighted baseline, its effective size after Kish). A dimension
 * scores its best value's score; dimensions are ranked by it.
 *
 * <p>Why this score:
 * <ul>
 *   <li><b>One value's excess, not the whole distribution's distance.</b> An explanation is a
 *       value: "stripe_v3", "2.3.1". A distance over all values (total variation) scores the
 *       pod name as high as the version when every new pod runs the new version, because it
 *       spreads the same excess over several pods; the largest single excess ranks the version,
 *       where it is concentrated, above them.</li>
 *   <li><b>Like with like.</b> A slow or failed selection is made of particular operations,
 *       and every attribute that comes with those operations ({@code rpc.method},
 *       {@code server.port}, {@code db.system}) differs from the baseline for that reason alone.
 *       Comparing each operation's spans with the baseline's spans of the same operation
 *       removes them, and what remains is what differs between spans doing the same thing: the
 *       provider they called, the version that served them. The operation itself, service and
 *       span name, is compared plainly, so a selection that is all one endpoint still shows it.
 *       Operations with fewer than {@value #MIN_STRATUM_BASELINE} baseline spans are compared
 *       with the whole baseline.</li>
 *   <li><b>Chance is subtracted.</b> Three standard errors make a small selection or a rare
 *       value score 0 unless its excess is far beyond sampling noise. A selection that differs
 *       from its baseline by nothing (a random part, a slice of steady traffic) scores every
 *       dimension below {@value #NO_DIFFERENCE_BELOW}: its differences are noise of a few
 *       standard errors, and the score only rises above 0 by what exceeds three of them.</li>
 *   <li><b>Shares, not counts.</b> The selection is usually far smaller than the baseline,
 *       so counts are shown but never compared directly.</li>
 * </ul>
 *
 * <h2>Cost</h2>
 * Two statements: the selection's and baseline's sizes by operation (no attributes read;
 * when the base has more than {@value #MAX_STRATA} operations, a third counts the sets); and
 * the counts of every dimension's values over a sample of about {@value #SAMPLE_SPANS} spans
 * of each set, which also give each dimension's cardinality, share of numbers and most common
 * values, so which values are kept and which dimensions are bucketed is decided from the same
 * counts. That statement reads the window twice, side by side: once for the fields and span
 * attributes, once for the resource attributes, which are counted once for each resource and
 * not once for each span. Samples are taken by span id hash, so the work is bounded whatever
 * the window; below that size every count is exact, above it counts are scaled up from the
 * sample and the result says it was sampled. At most {@value #MAX_KEYS} attribute keys are
 * compared, those most present in the selection first.
 */
public final class BubbleUpQueries {

    /** Scores below this mean the dimension does not notably differ. */
    public static final double NO_DIFFERENCE_BELOW = 0.05;

    /** Standard errors subtracted from a difference before it counts. */
    static final double Z = 3.0;
    static final int MAX_STRATA = 200;
    static final long MIN_STRATUM_BASELINE = 30;
    static final int MAX_KEYS = 200;
    /** Numeric dimensions with more distinct values than this (in the sample) are bucketed. */
    static final int MAX_DISTINCT_NUMBERS = 20;
    static final double NUMERIC_SHARE = 0.95;
    /** Values of each dimension kept separately, the most common of each set; the rest are OTHER. */
    static final int KEPT_VALUES = 20;
    /**
     * An operation whose service and span name run past {@value #MAX_KEY_CHARS} characters (a SQL
     * text as span name), or past {@value #MAX_STRATA_CHARS} characters of operation names in all,
     * is compared with the whole baseline; a key longer than {@value #MAX_KEY_CHARS} is not compared.
     */
    static final int MAX_STRATA_CHARS = 40_000;
    static final int MAX_KEY_CHARS = 200;
    static final long SAMPLE_SPANS = 30_000;
    private static final long SAMPLE_SCALE = 1_000_000;
    private static final String NOT_A_NUMBER = "\0nan";

    /** The fields of every span compared as dimensions; ids and SQL are this class's own. */
    enum Field {
        SERVICE("service", "service_name", "f_service", false),
        SPAN_NAME("span_name", "name", "f_span_name", false),
        KIND("kind", "kind", "toString(f_kind)", true),
        STATUS("status", "status_code", "toString(f_status)", true),
        SCOPE("scope", "scope_name", "f_scope", true),
        // Bucketed span by span, so it takes a few values, not one a span; the same buckets as BUCKET of its text.
        DURATION("duration", "if(%1$s = 0, 0, %2$s)".formatted(DURATION_MS, step(DURATION_MS)),
                "if(f_duration = 0, '0', toString(f_duration))", true);

        final String key;
        /** The SQL of the span's value, named {@link #alias()}. */
        final String column;
        /** The SQL of the value's text, from {@link #alias()}. */
        final String text;
        /** Whether it is compared within each operation; the operation's own fields are not. */
        final boolean stratified;

        Field(String key, String column, String text, boolean stratified) {
            this.key = key;
            this.column = column;
            this.text = text;
            this.stratified = stratified;
        }

        String dim() {
            return "f" + key;
        }

        String alias() {
            return "f_" + key;
        }

        /** Whether the dimension is compared within each operation: all are but the operation's own fields. */
        static boolean stratified(String dim) {
            for (Field field : values()) {
                if (field.dim().equals(dim)) {
                    return field.stratified;
                }
            }
            return true;
        }
    }

    /** A span's duration in ms as BUCKET reads it: through its text. */
    private static final String DURATION_MS = "toFloat64OrZero(toString(duration_ns / 1000000))";

    /** A value's lower bound on the 1-2-5 log scale, its sign kept; NOT_A_NUMBER when it is none. */
    private static final String BUCKET = """
            if(toFloat64OrNull(value) IS NULL OR NOT isFinite(toFloat64OrZero(value)), '\\0nan',
               if(toFloat64OrZero(value) = 0, '0', concat(if(toFloat64OrZero(value) < 0, '-', ''), toString(%s))))"""
            .formatted(step("toFloat64OrZero(value)"));

    /** The 1-2-5 step at or below {@code abs(number)}, for a number neither 0 nor infinite. */
    private static String step(String number) {
        String magnitude = "exp10(floor(log10(abs(%1$s)) + 1e-9))".formatted(number);
        return """
                multiIf(abs(%1$s) / %2$s < 1.999999, 1,
                        abs(%1$s) / %2$s < 4.999999, 2, 5)
                  * %2$s""".formatted(number, magnitude);
    }

    private final ProjectQueries queries;

    public BubbleUpQueries(ClickHouse clickHouse) {
        this.queries = new ProjectQueries(clickHouse);
    }

    /**
     * The dimensions that set the selection apart from the rest of the base, highest score
     * first. A selection without spans gives no dimensions.
     *
     * @throws IllegalArgumentException when the selection holds every span of the base, so
     *                                  there is nothing to compare it with
     */
    public BubbleUpResult bubbleUp(String projectId, BubbleUp request) {
        Sets sets = sets(projectId, request);
        if (sets.selected() == 0) {
            return new BubbleUpResult(0, sets.baseline(), false, 0, List.of());
        }
        if (sets.baseline() == 0) {
            throw new InvalidQueryException("the selection holds all " + sets.selected()
                    + " spans of the base, so there is no baseline to compare it with: widen the base"
                    + " (a longer window, fewer filters) or narrow the selection");
        }
        Set<String> excluded = selectionDimensions(request.selection());
        return score(request, sets, dimensions(projectId, request, sets, excluded));
    }

    // ---- the statements -----------------------------------------------------------------------

    /** An operation: the spans of one service and span name; {@code hash} is cityHash64 of both, as ClickHouse has it. */
    private record Stratum(String service, String name, String hash, long selected, long baseline) {

        String id() {
            return service + "\0" + name;
        }
    }

    private record Sets(long selected, long baseline, List<Stratum> strata) {}

    private Sets sets(String projectId, BubbleUp request) {
        var where = request.base().where();
        String selected = selection(request.selection(), where);
        where.bind("maxStrata", MAX_STRATA + 1);
        List<Row> rows = queries.query(projectId, where.boundTo("""
                SELECT service_name, name, toString(cityHash64(service_name, name)) AS hash,
                       countIf(%1$s) AS selected, countIf(NOT %1$s) AS baseline
                FROM spans
                WHERE project_id = {project:String}
                %2$sGROUP BY service_name, name
                ORDER BY selected DESC, baseline DESC
                LIMIT {maxStrata:UInt32}""".formatted(selected, where.text())));
        var strata = new ArrayList<Stratum>();
        long selectedSpans = 0;
        long baselineSpans = 0;
        for (Row row : rows) {
            var stratum = new Stratum(row.string("service_name"), row.string("name"), row.string("hash"),
                    row.longValue("selected"), row.longValue("baseline"));
            selectedSpans += stratum.selected();
            baselineSpans += stratum.baseline();
            if (stratum.selected() > 0 && strata.size() < MAX_STRATA) {
                strata.add(stratum);
            }
        }
        if (rows.size() > MAX_STRATA) {
            Row total = queries.query(projectId, where.boundTo("""
                    SELECT countIf(%1$s) AS selected, countIf(NOT %1$s) AS baseline
                    FROM spans
                    WHERE project_id = {project:String}
                    %2$s""".formatted(selected, where.text()))).getFirst();
            selectedSpans = total.longValue("selected");
            baselineSpans = total.longValue("baseline");
        }
        return new Sets(selectedSpans, baselineSpans, List.copyOf(strata));
    }

    /** A value's counts in the sample: selected spans, baseline spans, and the baseline's summed weights. */
    private record Count(String value, BubbleUpResult.Kind kind, long selected, long baseline, double weighted) {

        static Count of(String value, JsonNode counts) {
            return new Count(value, BubbleUpResult.Kind.VALUE, counts.get(1).asLong(), counts.get(2).asLong(),
                    counts.get(3).asDouble());
        }
    }

    /**
     * A dimension as counted: kept values and OTHER, or numeric buckets; spans lacking it are not
     * among its counts.
     */
    private record Compared(String dim, boolean numeric, List<Count> counts) {}

    /**
     * Every dimension's values counted over the sample: by value, then by numeric bucket, then
     * by dimension, where each dimension's totals, buckets and most common values of either set
     * are gathered; which values are kept and which dimensions are bucketed is decided here from
     * those. The spans are read twice, side by side: fields and span attributes value by value,
     * and resource attributes grouped by resource first, since the spans of one resource share
     * all its attributes, so only one row a resource is split into values.
     */
    private List<Compared> dimensions(String projectId, BubbleUp request, Sets sets, Set<String> excluded) {
        var where = request.base().where();
        String selected = selection(request.selection(), where);
        Weights weights = Weights.of(sets);
        var strata = new ArrayList<String>();
        var factors = new ArrayList<String>();
        for (var entry : weights.factors().entrySet()) {
            strata.add(entry.getKey());
            factors.add(Double.toString(entry.getValue()));
        }
        long selectionKeep = keep(SAMPLE_SPANS, sets.selected());
        long baselineKeep = keep(SAMPLE_SPANS, sets.baseline());
        // Reading span ids and hashing them only pays when some spans are left out.
        String sample = selectionKeep == SAMPLE_SCALE && baselineKeep == SAMPLE_SCALE ? ""
                : "  AND cityHash64(span_id) %% %d < if(%s, {selKeep:UInt64}, {baseKeep:UInt64})\n"
                        .formatted(SAMPLE_SCALE, selected);
        var fieldIds = new ArrayList<String>();
        var fieldTexts = new ArrayList<String>();
        var fieldColumns = new ArrayList<String>();
        for (Field field : Field.values()) {
            fieldIds.add("'" + field.dim() + "'");
            fieldTexts.add(field.text);
            fieldColumns.add(field.column + " AS " + field.alias());
        }
        where.bind("selKeep", selectionKeep)
                .bind("baseKeep", baselineKeep)
                .bind("strata", strata.isEmpty() ? List.of("0") : strata)
                .bind("strataFactors", factors.isEmpty() ? List.of("0") : factors)
                .bind("kept", KEPT_VALUES)
                .bind("maxKeys", Field.values().length + MAX_KEYS + excluded.size() + 1);
        String spans = where.text() + sample;
        List<Row> rows = queries.query(projectId, where.boundTo("""
                SELECT dim, sum(bucket_selected) AS in_selection, sum(bucket_baseline) AS in_baseline,
                       sum(bucket_weighted) AS weighted, sum(bucket_values) AS distinct_values,
                       sumIf(bucket_selected + bucket_baseline, bucket != '\\0nan') AS numbers,
                       groupArray((bucket, bucket_selected, bucket_baseline, bucket_weighted)) AS buckets,
                       arraySlice(arraySort(c -> (-toInt64(c.2), c.1), groupArrayArray(top_selected)), 1,
                                  {kept:UInt32}) AS kept_by_selection,
                       arraySlice(arraySort(c -> (-toInt64(c.3), c.1), groupArrayArray(top_baseline)), 1,
                                  {kept:UInt32}) AS kept_by_baseline
                FROM (
                    SELECT dim, if(dim = '%1$s', value, %2$s) AS bucket, count() AS bucket_values,
                           sum(selected_spans) AS bucket_selected, sum(baseline_spans) AS bucket_baseline,
                           sum(weighted_spans) AS bucket_weighted,
                           groupArray((value, selected_spans, baseline_spans, weighted_spans)) AS bucket_counts,
                           arraySlice(arraySort(c -> (-toInt64(c.2), c.1), arrayFilter(c -> c.2 > 0, bucket_counts)), 1,
                                      {kept:UInt32}) AS top_selected,
                           arraySlice(arraySort(c -> (-toInt64(c.3), c.1), arrayFilter(c -> c.3 > 0, bucket_counts)), 1,
                                      {kept:UInt32}) AS top_baseline
                    FROM (
                        SELECT dim, value, sum(s) AS selected_spans, sum(b) AS baseline_spans, sum(w) AS weighted_spans
                        FROM (
                            SELECT dim, value, toUInt64(selected) AS s, toUInt64(NOT selected) AS b,
                                   if(selected, 0, weight) AS w
                            FROM (%3$s)
                            ARRAY JOIN arrayConcat([%5$s], arrayMap(k -> concat('s', k), keys)) AS dim,
                                       arrayConcat([%6$s], vals) AS value
                            UNION ALL
                            SELECT dim, value, s, b, w
                            FROM (
                                SELECT keys, vals, countIf(selected) AS s, countIf(NOT selected) AS b,
                                       sumIf(weight, NOT selected) AS w
                                FROM (%4$s)
                                GROUP BY keys, vals)
                            ARRAY JOIN arrayMap(k -> concat('r', k), keys) AS dim, vals AS value)
                        GROUP BY dim, value)
                    GROUP BY dim, bucket)
                GROUP BY dim
                ORDER BY startsWith(dim, 'f') DESC, in_selection DESC, in_baseline DESC, dim
                LIMIT {maxKeys:UInt32}""".formatted(Field.DURATION.dim(), BUCKET,
                sampledSpans(selected, String.join(", ", fieldColumns)
                        + ", span_attributes.key AS keys, span_attributes.value AS vals", spans),
                sampledSpans(selected, "resource_attributes.key AS keys, resource_attributes.value AS vals", spans),
                String.join(", ", fieldIds), String.join(", ", fieldTexts))));
        var dimensions = new ArrayList<Compared>();
        int attributes = 0;
        for (Row row : rows) {
            String dim = row.string("dim");
            // The resource's service.name is the service field again.
            if (excluded.contains(dim) || dim.equals("rservice.name") || dim.length() > MAX_KEY_CHARS) {
                continue;
            }
            boolean field = dim.startsWith("f");
            if (!field && attributes++ >= MAX_KEYS) {
                break;
            }
            long inSelection = row.longValue("in_selection");
            long inBaseline = row.longValue("in_baseline");
            boolean numeric = dim.equals(Field.DURATION.dim()) || !field
                    && row.longValue("distinct_values") > MAX_DISTINCT_NUMBERS
                    && row.longValue("numbers") >= NUMERIC_SHARE * (inSelection + inBaseline);
            var counts = new ArrayList<Count>();
            if (numeric) {
                row.fields().get("buckets").forEach(bucket -> counts.add(Count.of(bucket.get(0).asText(), bucket)));
            } else {
                var kept = new LinkedHashMap<String, Count>();
                for (String column : List.of("kept_by_selection", "kept_by_baseline")) {
                    row.fields().get(column).forEach(value ->
                            kept.putIfAbsent(value.get(0).asText(), Count.of(value.get(0).asText(), value)));
                }
                counts.addAll(kept.values());
                long otherSelected = inSelection - counts.stream().mapToLong(Count::selected).sum();
                long otherBaseline = inBaseline - counts.stream().mapToLong(Count::baseline).sum();
                if (otherSelected > 0 || otherBaseline > 0) {
                    double otherWeighted = row.doubleValue("weighted") - counts.stream().mapToDouble(Count::weighted).sum();
                    counts.add(new Count(null, BubbleUpResult.Kind.OTHER, otherSelected, otherBaseline,
                            Math.max(0, otherWeighted)));
                }
            }
            dimensions.add(new Compared(dim, numeric, List.copyOf(counts)));
        }
        return dimensions;
    }

    /**
     * The sampled spans of the base with {@code columns}, whether each is selected and the weight
     * of its operation in the baseline ({@code strata} and {@code strataFactors} bound).
     */
    private static String sampledSpans(String selected, String columns, String where) {
        return """
                SELECT %s AS selected,
                       transform(cityHash64(service_name, name), CAST({strata:Array(String)} AS Array(UInt64)),
                                 CAST({strataFactors:Array(String)} AS Array(Float64)), toFloat64(0)) AS weight,
                       %s
                FROM spans
                PREWHERE project_id = {project:String}
                %s""".formatted(selected, columns, where);
    }

    /**
     * How the baseline is reweighted to the selection's mix of operations. An operation with
     * enough baseline spans gets {@code factor = w / (q * N)}: {@code w} its share of the
     * selection, {@code N} its baseline spans, {@code q} the baseline's sampling rate; so its
     * sampled baseline spans weigh {@code w} together. The selection's share in other
     * operations, {@code rest}, is compared with the whole baseline.
     */
    private record Weights(Map<String, Double> factors, Map<String, Long> baselineSpans, double rest,
            double samplingRate) {

        static Weights of(Sets sets) {
            double q = rate(SAMPLE_SPANS, sets.baseline());
            var factors = new LinkedHashMap<String, Double>();
            var baseline = new LinkedHashMap<String, Long>();
            double covered = 0;
            int chars = 0;
            for (Stratum stratum : sets.strata()) {
                // An operation named at great length (a SQL text as span name) is compared with the whole baseline.
                if (stratum.baseline() >= MIN_STRATUM_BASELINE && stratum.id().length() <= MAX_KEY_CHARS
                        && (chars += stratum.id().length()) <= MAX_STRATA_CHARS) {
                    double w = (double) stratum.selected() / sets.selected();
                    factors.put(stratum.hash(), w / (q * stratum.baseline()));
                    baseline.put(stratum.hash(), stratum.baseline());
                    covered += w;
                }
            }
            return new Weights(factors, baseline, Math.max(0, 1 - covered), q);
        }
    }

    // ---- scoring --------------------------------------------------------------------------------

    private BubbleUpResult score(BubbleUp request, Sets sets, List<Compared> compared) {
        double selRate = rate(SAMPLE_SPANS, sets.selected());
        Weights weights = Weights.of(sets);
        double baseRate = weights.samplingRate();
        // Every span has a service: its counts are the sample's sizes and total weight.
        List<Count> services = compared.stream().filter(c -> c.dim().equals(Field.SERVICE.dim())).findFirst()
                .map(Compared::counts).orElse(List.of());
        long nSel = services.stream().mapToLong(Count::selected).sum();
        long nBase = services.stream().mapToLong(Count::baseline).sum();
        double totalWeight = services.stream().mapToDouble(Count::weighted).sum();
        boolean sampled = selRate < 1 || baseRate < 1;
        if (nSel == 0 || nBase == 0) {
            return new BubbleUpResult(sets.selected(), sets.baseline(), sampled, 0, List.of());
        }
        Reweighted reweighted = new Reweighted(weights, nBase, totalWeight);

        var dimensions = new ArrayList<Ranked>();
        for (Compared dimension : compared) {
            List<Count> rows = dimension.counts();
            boolean stratified = Field.stratified(dimension.dim());
            double nEff = stratified ? reweighted.effectiveSize() : nBase;
            var all = new ArrayList<>(rows);
            long presentSel = rows.stream().mapToLong(Count::selected).sum();
            long presentBase = rows.stream().mapToLong(Count::baseline).sum();
            double presentWeight = rows.stream().mapToDouble(Count::weighted).sum();
            if (presentSel < nSel || presentBase < nBase) {
                all.add(new Count(null, BubbleUpResult.Kind.MISSING, nSel - presentSel, nBase - presentBase,
                        Math.max(0, totalWeight - presentWeight)));
            }
            var values = new ArrayList<ScoredValue>();
            for (Count count : all) {
                double pSel = (double) count.selected() / nSel;
                double pBase = (double) count.baseline() / nBase;
                double expected = stratified ? reweighted.expected(count) : pBase;
                double difference = pSel - expected;
                double score = Math.max(0, difference - Z * standardError(count.selected(), nSel, expected, nEff));
                values.add(new ScoredValue(label(dimension, count), Math.round(count.selected() / selRate),
                        Math.round(count.baseline() / baseRate), pSel, pBase, expected, difference, score));
            }
            values.sort(Comparator.comparingDouble(ScoredValue::score).reversed()
                    .thenComparing(Comparator.comparingDouble((ScoredValue v) -> Math.abs(v.difference())).reversed())
                    .thenComparing(v -> v.label().value()));
            double best = values.getFirst().score();
            double bestDifference = values.stream().mapToDouble(ScoredValue::difference).max().orElse(0);
            dimensions.add(new Ranked(dimension.dim(), best, bestDifference,
                    values.stream().limit(request.values()).map(ScoredValue::value).toList()));
        }
        dimensions.sort(Comparator.comparingDouble(Ranked::score).reversed()
                .thenComparing(Comparator.comparingDouble(Ranked::bestDifference).reversed())
                .thenComparing(Ranked::dim));
        List<BubbleUpResult.Dimension> top = dimensions.stream().limit(request.dimensions())
                .map(r -> new BubbleUpResult.Dimension(source(r.dim()), r.dim().substring(1), r.score(), r.values()))
                .toList();
        return new BubbleUpResult(sets.selected(), sets.baseline(), sampled, dimensions.size(), top);
    }

    private record Ranked(String dim, double score, double bestDifference, List<BubbleUpResult.Value> values) {}

    private record Label(String value, BubbleUpResult.Kind kind) {}

    private record ScoredValue(Label label, long selectionCount, long baselineCount, double selectionShare,
            double baselineShare, double expectedShare, double difference, double score) {

        BubbleUpResult.Value value() {
            return new BubbleUpResult.Value(label.value(), label.kind(), selectionCount, baselineCount,
                    selectionShare, baselineShare, expectedShare, score);
        }
    }

    /**
     * The sampled baseline reweighted to the selection's operations. A baseline span of a
     * weighted operation counts {@code (1 - rest) * factor / totalWeight + rest / n}, any other
     * {@code rest / n}; the weights sum to 1.
     */
    private record Reweighted(Weights weights, long nBase, double totalWeight) {

        double expected(Count count) {
            double stratified = totalWeight > 0 ? (1 - weights.rest()) * count.weighted() / totalWeight : 0;
            return stratified + weights.rest() * count.baseline() / nBase;
        }

        /** Kish's effective sample size of the weighted baseline, {@code 1 / sum(weight^2)}. */
        double effectiveSize() {
            double restWeight = weights.rest() / nBase;
            double sumOfSquares = 0;
            double weightedSpans = 0;
            for (var entry : weights.factors().entrySet()) {
                double spans = Math.min(nBase, weights.baselineSpans().get(entry.getKey()) * weights.samplingRate());
                double w = totalWeight > 0 ? (1 - weights.rest()) * entry.getValue() / totalWeight : 0;
                sumOfSquares += spans * (w + restWeight) * (w + restWeight);
                weightedSpans += spans;
            }
            sumOfSquares += Math.max(0, nBase - weightedSpans) * restWeight * restWeight;
            return sumOfSquares > 0 ? 1 / sumOfSquares : nBase;
        }
    }

    /**
     * The standard error of {@code p_sel - p_exp}, with Agresti–Caffo's added successes and
     * failures so a share of 0 or 1 in a small set does not claim certainty.
     */
    static double standardError(long selected, long nSel, double expected, double nEff) {
        double pSel = (selected + 1.0) / (nSel + 2.0);
        double pExp = (expected * nEff + 1.0) / (nEff + 2.0);
        return Math.sqrt(pSel * (1 - pSel) / (nSel + 2.0) + pExp * (1 - pExp) / (nEff + 2.0));
    }

    // ---- the selection ------------------------------------------------------------------------

    /** The selection as one SQL condition, its values bound into {@code where} under names of its own. */
    static String selection(BubbleUp.Selection selection, Conditions where) {
        var parts = new ArrayList<String>();
        selection.from().ifPresent(v -> {
            parts.add("start_time_ns >= {selFromNs:UInt64}");
            where.bind("selFromNs", Math.max(0, QueryParts.nanos(v)));
        });
        selection.to().ifPresent(v -> {
            parts.add("start_time_ns < {selToNs:UInt64}");
            where.bind("selToNs", Math.max(0, QueryParts.nanos(v)));
        });
        selection.minDuration().ifPresent(v -> {
            parts.add("duration_ns >= {selMinNs:UInt64}");
            where.bind("selMinNs", v.toNanos());
        });
        selection.maxDuration().ifPresent(v -> {
            parts.add("duration_ns <= {selMaxNs:UInt64}");
            where.bind("selMaxNs", v.toNanos());
        });
        selection.status().ifPresent(v -> {
            parts.add("status_code = {selStatus:String}");
            where.bind("selStatus", v.name());
        });
        for (int i = 0; i < selection.attributes().size(); i++) {
            AttributeFilter filter = selection.attributes().get(i);
            String column = filter.scope() == AttributeFilter.Scope.RECORD ? "span_attributes" : "resource_attributes";
            String key = "{selKey" + i + ":String}";
            String value = "{selValue" + i + ":String}";
            String has = "has(" + column + ".key, " + key + ")";
            String at = column + ".value[indexOf(" + column + ".key, " + key + ")]";
            where.bind("selKey" + i, filter.key()).bind("selValue" + i, filter.value());
            parts.add(switch (filter.op()) {
                case EQUALS -> "(" + has + " AND " + at + " = " + value + ")";
                case NOT_EQUALS -> "NOT (" + has + " AND " + at + " = " + value + ")";
                case CONTAINS -> "(" + has + " AND positionCaseInsensitiveUTF8(" + at + ", " + value + ") > 0)";
                case EXISTS -> has;
            });
        }
        return "(" + String.join(" AND ", parts) + ")";
    }

    /** The dimensions the selection is defined by: they differ by construction, so they are not compared. */
    static Set<String> selectionDimensions(BubbleUp.Selection selection) {
        var dims = new HashSet<String>();
        if (selection.minDuration().isPresent() || selection.maxDuration().isPresent()) {
            dims.add(Field.DURATION.dim());
        }
        if (selection.status().isPresent()) {
            dims.add(Field.STATUS.dim());
        }
        for (AttributeFilter filter : selection.attributes()) {
            dims.add((filter.scope() == AttributeFilter.Scope.RECORD ? "s" : "r") + filter.key());
        }
        return dims;
    }

    // ---- small parts ----------------------------------------------------------------------------

    /** The hash threshold that keeps about {@code wanted} of {@code total} spans (all when fewer). */
    private static long keep(long wanted, long total) {
        return total <= wanted ? SAMPLE_SCALE : Math.max(1, (long) Math.ceil((double) wanted * SAMPLE_SCALE / total));
    }

    /** The share of spans a {@link #keep} threshold keeps. */
    private static double rate(long wanted, long total) {
        return (double) keep(wanted, total) / SAMPLE_SCALE;
    }

    private static BubbleUpResult.Source source(String dim) {
        return switch (dim.charAt(0)) {
            case 'f' -> BubbleUpResult.Source.FIELD;
            case 's' -> BubbleUpResult.Source.SPAN_ATTRIBUTE;
            default -> BubbleUpResult.Source.RESOURCE_ATTRIBUTE;
        };
    }

    private static Label label(Compared dimension, Count count) {
        String value = count.value();
        if (count.kind() != BubbleUpResult.Kind.VALUE) {
            return count.kind() == BubbleUpResult.Kind.MISSING ? new Label("(none)", BubbleUpResult.Kind.MISSING)
                    : new Label("(other)", BubbleUpResult.Kind.OTHER);
        }
        if (!dimension.numeric()) {
            return new Label(value, BubbleUpResult.Kind.VALUE);
        }
        if (value.equals(NOT_A_NUMBER)) {
            return new Label("(not a number)", BubbleUpResult.Kind.OTHER);
        }
        String unit = dimension.dim().equals(Field.DURATION.dim()) ? " ms" : "";
        BigDecimal bound = new BigDecimal(value);
        if (bound.signum() == 0) {
            return new Label("0" + unit, BubbleUpResult.Kind.RANGE);
        }
        // 1 -> 2, 2 -> 5, 5 -> 10: the next step of the 1-2-5 scale.
        BigDecimal magnitude = bound.abs();
        int lead = magnitude.unscaledValue().toString().charAt(0) - '0';
        BigDecimal next = magnitude.multiply(lead == 2 ? new BigDecimal("2.5") : BigDecimal.TWO);
        String low = plain(magnitude);
        String high = plain(next);
        return bound.signum() > 0
                ? new Label("[" + low + unit + ", " + high + unit + ")", BubbleUpResult.Kind.RANGE)
                : new Label("(-" + high + unit + ", -" + low + unit + "]", BubbleUpResult.Kind.RANGE);
    }

    private static String plain(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }
}
