package dev.tracehound.app.api;

import dev.tracehound.analytics.query.AggregateQueries;
import dev.tracehound.analytics.query.AggregateResult;
import dev.tracehound.analytics.query.BubbleUpQueries;
import dev.tracehound.analytics.query.BubbleUpResult;
import dev.tracehound.analytics.query.Heatmap;
import dev.tracehound.analytics.query.LlmCall;
import dev.tracehound.analytics.query.LlmUsageQueries;
import dev.tracehound.analytics.query.LlmUsageReport;
import dev.tracehound.analytics.query.LlmUsageSeries;
import dev.tracehound.analytics.query.TelemetryQueries;
import dev.tracehound.analytics.query.TimeSeries;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import java.util.List;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/api/v1/projects/{project}")
final class AnalyticsController {

    private final AggregateQueries aggregates;
    private final BubbleUpQueries bubbleUps;
    private final LlmUsageQueries llm;
    private final Blocking blocking;

    AnalyticsController(TelemetryQueries queries, Blocking blocking) {
        this.aggregates = queries.aggregates();
        this.bubbleUps = queries.bubbleUp();
        this.llm = queries.llmUsage();
        this.blocking = blocking;
    }

    @Operation(summary = "Count, error rate, min/max/avg and p50–p99 of duration or a numeric attribute, "
            + "grouped by up to three dimensions (top N and an exact 'other')")
    @PostMapping("/spans/aggregate")
    Mono<AggregateResult> aggregate(@Parameter(hidden = true) ReadableProject project,
            @Parameter(description = "the project id") @PathVariable("project") String projectId,
            @RequestBody AggregationBody body) {
        return blocking.call(() -> aggregates.aggregate(project.id(), body.toAggregation()));
    }

    @Operation(summary = "The same measures per time bucket; the bucket width is chosen for at most 200 buckets")
    @PostMapping("/spans/timeseries")
    Mono<TimeSeries> timeSeries(@Parameter(hidden = true) ReadableProject project,
            @Parameter(description = "the project id") @PathVariable("project") String projectId,
            @RequestBody AggregationBody body) {
        return blocking.call(() -> aggregates.timeSeries(project.id(), body.toAggregation()));
    }

    @Operation(summary = "Span counts by time bucket and log-scaled duration bucket, for selecting outliers")
    @PostMapping("/spans/heatmap")
    Mono<Heatmap> heatmap(@Parameter(hidden = true) ReadableProject project,
            @Parameter(description = "the project id") @PathVariable("project") String projectId,
            @RequestBody FilterBody body) {
        return blocking.call(() -> aggregates.heatmap(project.id(), SpanFilterBody.required(body.filter())));
    }

    @Operation(summary = "BubbleUp: the dimensions and values that set the selection apart from the rest of the "
            + "filter's spans, ranked by score (see the README for how it is scored)")
    @PostMapping("/spans/bubbleup")
    Mono<BubbleUpResult> bubbleUp(@Parameter(hidden = true) ReadableProject project,
            @Parameter(description = "the project id") @PathVariable("project") String projectId,
            @RequestBody BubbleUpBody body) {
        return blocking.call(() -> bubbleUps.bubbleUp(project.id(), body.toBubbleUp()));
    }

    @Operation(summary = "LLM calls, tokens in and out and cost, grouped by model, service or any attribute")
    @PostMapping("/llm/usage")
    Mono<LlmUsageReport> llmUsage(@Parameter(hidden = true) ReadableProject project,
            @Parameter(description = "the project id") @PathVariable("project") String projectId,
            @RequestBody AggregationBody body) {
        return blocking.call(() -> llm.usage(project.id(), body.toLlmUsage()));
    }

    @Operation(summary = "LLM usage per time bucket")
    @PostMapping("/llm/usage/timeseries")
    Mono<LlmUsageSeries> llmUsageOverTime(@Parameter(hidden = true) ReadableProject project,
            @Parameter(description = "the project id") @PathVariable("project") String projectId,
            @RequestBody AggregationBody body) {
        return blocking.call(() -> llm.usageOverTime(project.id(), body.toLlmUsage()));
    }

    @Operation(summary = "The slowest or the most expensive LLM calls")
    @PostMapping("/llm/calls")
    Mono<List<LlmCall>> llmCalls(@Parameter(hidden = true) ReadableProject project,
            @Parameter(description = "the project id") @PathVariable("project") String projectId,
            @RequestBody LlmCallsBody body) {
        return blocking.call(() -> body.costliest()
                ? llm.costliestCalls(project.id(), SpanFilterBody.required(body.filter()), body.limitOrDefault())
                : llm.slowestCalls(project.id(), SpanFilterBody.required(body.filter()), body.limitOrDefault()));
    }

    /** Just a span filter. */
    record FilterBody(SpanFilterBody filter) {}

    /**
     * @param sort  {@code slowest} (the default) or {@code costliest}
     * @param limit 1 to 100, 10 by default
     */
    record LlmCallsBody(SpanFilterBody filter, String sort, Integer limit) {

        boolean costliest() {
            if (sort == null || sort.equalsIgnoreCase("slowest")) {
                return false;
            }
            if (sort.equalsIgnoreCase("costliest")) {
                return true;
            }
            throw new InvalidRequestException("sort is 'slowest' or 'costliest', was '" + sort + "'");
        }

        int limitOrDefault() {
            return limit == null ? LlmUsageQueries.DEFAULT_CALLS : limit;
        }
    }
}
