package dev.tracehound.analytics.query;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A service's spans over a window, as {@link ServiceHealthQueries} reads them.
 *
 * @param spans      all its spans, whatever their kind
 * @param errors     of them, those with status ERROR
 * @param p99Millis  their 99th percentile duration (as ClickHouse's {@code quantile}), NaN without any
 * @param errorTypes its error spans by error type, the most frequent first
 */
public record ServiceHealth(String service, long spans, long errors, double p99Millis, Map<String, Long> errorTypes) {

    public ServiceHealth {
        Objects.requireNonNull(service, "service");
        errorTypes = Collections.unmodifiableMap(new LinkedHashMap<>(errorTypes));
    }

    /** {@code errors / spans}, 0 without spans. */
    public double errorRate() {
        return spans == 0 ? 0 : (double) errors / spans;
    }
}
