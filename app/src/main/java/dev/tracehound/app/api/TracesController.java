package dev.tracehound.app.api;

import dev.tracehound.analytics.query.LogPage;
import dev.tracehound.analytics.query.LogQueries;
import dev.tracehound.analytics.query.TelemetryQueries;
import dev.tracehound.analytics.query.TraceDetail;
import dev.tracehound.analytics.query.TracePage;
import dev.tracehound.analytics.query.TraceQueries;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/api/v1/projects/{project}")
final class TracesController {

    private final TraceQueries traces;
    private final LogQueries logs;
    private final Blocking blocking;

    TracesController(TelemetryQueries queries, Blocking blocking) {
        this.traces = queries.traces();
        this.logs = queries.logs();
        this.blocking = blocking;
    }

    @Operation(summary = "Traces with a span matching the filter, newest or slowest first, a page at a time")
    @PostMapping("/traces/search")
    Mono<TracePage> search(@Parameter(hidden = true) ReadableProject project, @Parameter(description = "the project id") @PathVariable("project") String projectId,
            @RequestBody TraceSearchBody body) {
        return blocking.call(() -> traces.search(project.id(), body.toSearch()));
    }

    @Operation(summary = "All spans of a trace as a tree, with the critical path marked")
    @GetMapping("/traces/{traceId}")
    Mono<TraceDetail> trace(@Parameter(hidden = true) ReadableProject project, @Parameter(description = "the project id") @PathVariable("project") String projectId,
            @PathVariable("traceId") String traceId) {
        return blocking.call(() -> traces.trace(project.id(), traceId).orElseThrow(() -> new ResponseStatusException(
                HttpStatus.NOT_FOUND, "no trace " + traceId + " in this project")));
    }

    @Operation(summary = "The log records of a trace, newest first")
    @GetMapping("/traces/{traceId}/logs")
    Mono<LogPage> logsOfTrace(@Parameter(hidden = true) ReadableProject project, @Parameter(description = "the project id") @PathVariable("project") String projectId,
            @PathVariable("traceId") String traceId, @RequestParam(name = "limit", defaultValue = "100") int limit) {
        return blocking.call(() -> logs.ofTrace(project.id(), traceId, limit));
    }

    @Operation(summary = "Log records matching the search, newest first, a page at a time")
    @PostMapping("/logs/search")
    Mono<LogPage> logs(@Parameter(hidden = true) ReadableProject project, @Parameter(description = "the project id") @PathVariable("project") String projectId,
            @RequestBody LogSearchBody body) {
        return blocking.call(() -> logs.search(project.id(), body.toSearch()));
    }
}
