package dev.tracehound.analytics.query;

import dev.tracehound.analytics.MetricRow;
import java.util.List;

/**
 * The metrics a project reported in a time range, by name, with what it takes to query them.
 *
 * @param truncated whether there were more than the names listed
 */
public record MetricCatalog(List<Metric> metrics, boolean truncated) {

    public MetricCatalog {
        metrics = List.copyOf(metrics);
    }

    /**
     * One metric of one type (a name reported as two types is listed twice).
     *
     * @param temporalities  how its points aggregate over time: {@code DELTA}, {@code CUMULATIVE},
     *                       or {@code UNSPECIFIED} for gauges and summaries
     * @param monotonic      whether it is a sum that only goes up (a counter)
     * @param points         its data points in the range
     * @param services       the services that reported it (at most {@value MetricQueries#LISTED_VALUES})
     * @param attributeKeys  its data points' attribute keys, sorted (at most {@value MetricQueries#LISTED_VALUES})
     * @param resourceKeys   its resources' attribute keys, sorted (at most {@value MetricQueries#LISTED_VALUES})
     * @param aggregations   what a {@link MetricQuery} of it may ask
     */
    public record Metric(String name, MetricRow.MetricType type, String unit, String description,
            List<String> temporalities, boolean monotonic, long points, List<String> services,
            List<String> attributeKeys, List<String> resourceKeys, List<MetricAggregation> aggregations) {

        public Metric {
            temporalities = List.copyOf(temporalities);
            services = List.copyOf(services);
            attributeKeys = List.copyOf(attributeKeys);
            resourceKeys = List.copyOf(resourceKeys);
            aggregations = List.copyOf(aggregations);
        }
    }
}
