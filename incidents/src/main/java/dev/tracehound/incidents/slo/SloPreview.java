package dev.tracehound.incidents.slo;

import dev.tracehound.analytics.query.SloQueries;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * An SLO as written, over the last day, for its editor: per hour the valid and bad spans and the
 * burn rate, against the fast alert's factor.
 */
public record SloPreview(double objective, double fastBurnFactor, List<Point> points) {

    public record Point(Instant at, long valid, long bad, double burnRate) {}

    public static SloPreview lastDay(SloQueries queries, UUID projectId, SloSpec spec, Instant now) {
        Instant to = now.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
        Instant from = to.minus(Duration.ofHours(24));
        List<Point> points = queries.series(projectId.toString(), SloEvaluator.validSpans(spec, from, to),
                        spec.latencyThreshold(), Duration.ofHours(1)).stream()
                .map(b -> new Point(b.start(), b.valid(), b.bad(), b.valid() == 0 ? 0 : (double) b.bad() / b.valid() / spec.budget()))
                .toList();
        return new SloPreview(spec.objective(), BurnRateAlert.FAST.factor(), points);
    }
}
