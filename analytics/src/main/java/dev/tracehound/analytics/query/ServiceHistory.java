package dev.tracehound.analytics.query;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each service's spans over {@code [from, to)} per bucket, as {@link ServiceHealthQueries} reads them.
 *
 * @param buckets   per service, its buckets that had spans, in time order
 * @param firstSeen per service, each error type seen in the time and when it was first seen
 */
public record ServiceHistory(Instant from, Instant to, Duration bucketWidth, Map<String, List<Bucket>> buckets,
        Map<String, Map<String, Instant>> firstSeen) {

    public ServiceHistory {
        var b = new LinkedHashMap<String, List<Bucket>>();
        buckets.forEach((service, list) -> b.put(service, List.copyOf(list)));
        buckets = Collections.unmodifiableMap(b);
        var f = new LinkedHashMap<String, Map<String, Instant>>();
        firstSeen.forEach((service, types) -> f.put(service, Collections.unmodifiableMap(new LinkedHashMap<>(types))));
        firstSeen = Collections.unmodifiableMap(f);
    }

    /**
     * @param spans     its spans starting in the bucket
     * @param errors    of them, those with status ERROR
     * @param p99Millis their 99th percentile duration
     */
    public record Bucket(Instant start, long spans, long errors, double p99Millis) {

        public double errorRate() {
            return spans == 0 ? 0 : (double) errors / spans;
        }
    }
}
