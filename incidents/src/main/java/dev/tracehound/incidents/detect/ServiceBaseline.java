package dev.tracehound.incidents.detect;

import dev.tracehound.analytics.query.ServiceHistory;
import java.time.Instant;
import java.util.List;

/**
 * A service's own recent behaviour: the median and spread of its per-window error rate and p99
 * over the windows of its history that had enough spans, and when its history starts.
 *
 * @param historyStart the start of its first window with spans in the history
 */
record ServiceBaseline(Instant historyStart, RobustStats errorRate, RobustStats p99) {

    static ServiceBaseline of(List<ServiceHistory.Bucket> buckets, long minVolume) {
        double[] rates = buckets.stream().filter(b -> b.spans() >= minVolume).mapToDouble(ServiceHistory.Bucket::errorRate)
                .toArray();
        double[] p99s = buckets.stream().filter(b -> b.spans() >= minVolume && !Double.isNaN(b.p99Millis()))
                .mapToDouble(ServiceHistory.Bucket::p99Millis).toArray();
        return new ServiceBaseline(buckets.getFirst().start(), RobustStats.of(rates), RobustStats.of(p99s));
    }
}
