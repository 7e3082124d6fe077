package dev.tracehound.analytics.query;

import static dev.tracehound.analytics.query.BubbleUpCounts.SAMPLE_SCALE;
import static dev.tracehound.analytics.query.BubbleUpCounts.keep;

import dev.tracehound.analytics.ClickHouse;
import dev.tracehound.analytics.Row;
import dev.tracehound.analytics.query.BubbleUpCounts.Compared;
import dev.tracehound.analytics.query.BubbleUpCounts.Count;
import dev.tracehound.analytics.query.BubbleUpCounts.Sets;
import dev.tracehound.analytics.query.BubbleUpCounts.Stratum;
import dev.tracehound.analytics.query.BubbleUpCounts.Weights;
import dev.tracehound.analytics.query.BubbleUpFields.Field;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    private static final String STRATA = """
            SELECT service_name, name, toString(cityHash64(service_name, name)) AS hash,
                   countIf(<selected>) AS selected, countIf(NOT <selected>) AS baseline
            FROM spans
            WHERE project_id = {project:String}
            <conditions>GROUP BY service_name, name
            ORDER BY selected DESC, baseline DESC
            LIMIT {maxStrata:UInt32}""";

    private static final String SET_SIZES = """
            SELECT countIf(<selected>) AS selected, countIf(NOT <selected>) AS baseline
            FROM spans
            WHERE project_id = {project:String}
            <conditions>""";

    private static final String DIMENSION_COUNTS = """
            SELECT dim, sum(bucket_selected) AS in_selection, sum(bucket_baseline) AS in_baseline,
                   sum(bucket_weighted) AS weighted, sum(bucket_values) AS distinct_values,
                   sumIf(bucket_selected + bucket_baseline, bucket != '\\0nan') AS numbers,
                   groupArray((bucket, bucket_selected, bucket_baseline, bucket_weighted)) AS buckets,
                   arraySlice(arraySort(c -> (-toInt64(c.2), c.1), groupArrayArray(top_selected)), 1,
                              {kept:UInt32}) AS kept_by_selection,
                   arraySlice(arraySort(c -> (-toInt64(c.3), c.1), groupArrayArray(top_baseline)), 1,
                              {kept:UInt32}) AS kept_by_baseline
            FROM (
                SELECT dim, if(dim = '<durationDim>', value, <bucket>) AS bucket, count() AS bucket_values,
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
                        FROM (<fieldsAndSpanAttributes>)
                        ARRAY JOIN arrayConcat([<fieldIds>], arrayMap(k -> concat('s', k), keys)) AS dim,
                                   arrayConcat([<fieldTexts>], vals) AS value
                        UNION ALL
                        SELECT dim, value, s, b, w
                        FROM (
                            SELECT keys, vals, countIf(selected) AS s, countIf(NOT selected) AS b,
                                   sumIf(weight, NOT selected) AS w
                            FROM (<resourceAttributes>)
                            GROUP BY keys, vals)
                        ARRAY JOIN arrayMap(k -> concat('r', k), keys) AS dim, vals AS value)
                    GROUP BY dim, value)
                GROUP BY dim, bucket)
            GROUP BY dim
            ORDER BY startsWith(dim, 'f') DESC, in_selection DESC, in_baseline DESC, dim
            LIMIT {maxKeys:UInt32}""";

    /** The sampled spans of the base: see {@link #sampledSpans}. */
    private static final String SAMPLED_SPANS = """
            SELECT <selected> AS selected,
                   transform(cityHash64(service_name, name), CAST({strata:Array(String)} AS Array(UInt64)),
                             CAST({strataFactors:Array(String)} AS Array(Float64)), toFloat64(0)) AS weight,
                   <columns>
            FROM spans
            PREWHERE project_id = {project:String}
            <conditions>""";

    /** Keeps the spans whose id hash falls under their set's threshold. */
    private static final String SAMPLE = """
              AND cityHash64(span_id) % <scale> < if(<selected>, {selKeep:UInt64}, {baseKeep:UInt64})
            """;


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
        Set<String> excluded = BubbleUpSelection.selectionDimensions(request.selection());
        return BubbleUpScoring.score(request, sets, dimensions(projectId, request, sets, excluded));
    }

    // ---- the statements -----------------------------------------------------------------------

    private Sets sets(String projectId, BubbleUp request) {
        var where = request.base().where();
        String selected = BubbleUpSelection.selection(request.selection(), where);
        where.bind("maxStrata", MAX_STRATA + 1);
        var fragments = Map.of("selected", selected, "conditions", where.text());
        List<Row> rows = queries.query(projectId, where.boundTo(Fragments.fill(STRATA, fragments)));
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
            Row total = queries.query(projectId, where.boundTo(Fragments.fill(SET_SIZES, fragments))).getFirst();
            selectedSpans = total.longValue("selected");
            baselineSpans = total.longValue("baseline");
        }
        return new Sets(selectedSpans, baselineSpans, List.copyOf(strata));
    }

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
        String selected = BubbleUpSelection.selection(request.selection(), where);
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
                : Fragments.fill(SAMPLE, Map.of("scale", Long.toString(SAMPLE_SCALE), "selected", selected));
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
        List<Row> rows = queries.query(projectId, where.boundTo(Fragments.fill(DIMENSION_COUNTS, Map.of(
                "durationDim", Field.DURATION.dim(), "bucket", BubbleUpFields.BUCKET,
                "fieldsAndSpanAttributes", sampledSpans(selected, String.join(", ", fieldColumns)
                        + ", span_attributes.key AS keys, span_attributes.value AS vals", spans),
                "resourceAttributes", sampledSpans(selected,
                        "resource_attributes.key AS keys, resource_attributes.value AS vals", spans),
                "fieldIds", String.join(", ", fieldIds), "fieldTexts", String.join(", ", fieldTexts)))));
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
        return Fragments.fill(SAMPLED_SPANS, Map.of("selected", selected, "columns", columns, "conditions", where));
    }
}
