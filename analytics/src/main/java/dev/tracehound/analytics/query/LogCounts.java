package dev.tracehound.analytics.query;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How many log records matched per time bucket. Buckets are {@code bucketWidth} wide, aligned to
 * the epoch, and cover the whole window, as {@link TimeSeries}' do.
 *
 * @param series one count per bucket, by service, the largest first; under the empty key when
 *               not counted per service
 */
public record LogCounts(Duration bucketWidth, List<Instant> buckets, Map<String, List<Long>> series) {

    public LogCounts {
        buckets = List.copyOf(buckets);
        var copy = new LinkedHashMap<String, List<Long>>();
        series.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        series = Collections.unmodifiableMap(copy);
    }
}
