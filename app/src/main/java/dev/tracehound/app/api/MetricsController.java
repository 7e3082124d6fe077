package dev.tracehound.app.api;

import dev.tracehound.analytics.query.MetricCatalog;
import dev.tracehound.analytics.query.MetricQueries;
import dev.tracehound.analytics.query.MetricSeries;
import dev.tracehound.analytics.query.TelemetryQueries;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import java.time.Clock;
import java.util.Optional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/api/v1/projects/{project}/metrics")
final class MetricsController {

    private final MetricQueries metrics;
    private final Blocking blocking;
    private final Clock clock = Clock.systemUTC();

    MetricsController(TelemetryQueries queries, Blocking blocking) {
        this.metrics = queries.metrics();
        this.blocking = blocking;
    }

    @Operation(summary = "The metrics the project reported in a time range (the last hour by default): type, unit, "
            + "temporality, services, attribute keys and the aggregations each allows")
    @GetMapping("/names")
    Mono<MetricCatalog> names(@Parameter(hidden = true) ReadableProject project,
            @Parameter(description = "the project id") @PathVariable("project") String projectId,
            @Parameter(description = "ISO-8601 start; the default is an hour before 'to'") @RequestParam(name = "from",
                    required = false) String from,
            @Parameter(description = "ISO-8601 end (exclusive); the default is now") @RequestParam(name = "to",
                    required = false) String to,
            @Parameter(description = "only names containing this, ignoring case") @RequestParam(name = "search",
                    required = false) String search) {
        QueryRange range = QueryRange.of(from, to, clock);
        return blocking.call(() -> metrics.names(project.id(), range.from(), range.to(), Optional.ofNullable(search)));
    }

    @Operation(summary = "A metric's series over time: sum/avg/min/max of gauges and sums, the per-second rate of "
            + "counters (resets counted from zero) and delta sums, quantiles of histograms; per bucket (at most 200), "
            + "grouped by up to three attributes; buckets without data are null")
    @PostMapping("/query")
    Mono<MetricSeries> query(@Parameter(hidden = true) ReadableProject project,
            @Parameter(description = "the project id") @PathVariable("project") String projectId,
            @RequestBody MetricQueryBody body) {
        return blocking.call(() -> metrics.query(project.id(), body.toQuery()));
    }

}
