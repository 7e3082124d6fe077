package dev.tracehound.analytics.query;

import static dev.tracehound.analytics.query.BubbleUpCounts.rate;

import dev.tracehound.analytics.query.BubbleUpCounts.Compared;
import dev.tracehound.analytics.query.BubbleUpCounts.Count;
import dev.tracehound.analytics.query.BubbleUpCounts.Sets;
import dev.tracehound.analytics.query.BubbleUpCounts.Weights;
import dev.tracehound.analytics.query.BubbleUpFields.Field;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** BubbleUp's score of each value and dimension, as {@link BubbleUpQueries} explains, and their labels. */
final class BubbleUpScoring {

    private BubbleUpScoring() {}

    static BubbleUpResult score(BubbleUp request, Sets sets, List<Compared> compared) {
        double selRate = rate(BubbleUpQueries.SAMPLE_SPANS, sets.selected());
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
                double score = Math.max(0, difference - BubbleUpQueries.Z * standardError(count.selected(), nSel, expected, nEff));
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
        if (value.equals(BubbleUpFields.NOT_A_NUMBER)) {
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
