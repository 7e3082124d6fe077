package dev.tracehound.app.evals;

import static dev.tracehound.app.admin.AdminRequests.notFound;

import dev.tracehound.app.api.Blocking;
import dev.tracehound.evals.report.ReportFiles;
import dev.tracehound.evals.store.EvalRuns;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * The agent's evaluation runs, newest first, and each run's whole report: what the evals page shows.
 * Who may read them is the policy's ({@code READ_EVALS}): anyone with a role in any workspace.
 */
@RestController
final class EvalRunsController {

    private static final String RUNS = "/api/v1/evals/runs";
    private static final int MAX_LIMIT = 500;

    private final EvalRuns runs;
    private final Blocking blocking;

    EvalRunsController(EvalRuns runs, Blocking blocking) {
        this.runs = runs;
        this.blocking = blocking;
    }

    /** @param passRate passed ÷ scenarios, 0 for a run of no scenario */
    record RunView(UUID id, Instant startedAt, Instant finishedAt, String gitCommit, String model, String promptHash,
            String filter, int scenarios, int passed, double passRate) {

        static RunView of(EvalRuns.Run run) {
            return new RunView(run.id(), run.startedAt(), run.finishedAt(), run.gitCommit(), run.model(),
                    run.promptHash(), run.filter(), run.scenarios(), run.passed(), run.passRate());
        }
    }

    @Operation(summary = "The evaluation suite's runs (./dev eval), newest first; none before the first run; "
            + "limit 1 to 500 (50)")
    @GetMapping(RUNS)
    Mono<List<RunView>> list(@RequestParam(name = "limit", defaultValue = "50") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            return Mono.error(badRequest("'limit' is 1 to " + MAX_LIMIT + ", was " + limit));
        }
        return blocking.call(() -> runs.list(limit).stream().map(RunView::of).toList());
    }

    @Operation(summary = "One run's whole report, as ./dev eval writes report.json: what ran, the summary overall, "
            + "by tag and by category, each scenario's questions with answer, score and trajectory, and the diff "
            + "from its baseline",
            responses = @ApiResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(type = "object", description = "the report, as report.json"))))
    @GetMapping(RUNS + "/{run}")
    Mono<ResponseEntity<String>> report(@PathVariable("run") String run) {
        UUID id;
        try {
            id = UUID.fromString(run);
        } catch (IllegalArgumentException e) {
            return Mono.error(badRequest("'" + run + "' is not a run id; the list gives each run's id (a UUID)"));
        }
        return blocking.call(() -> runs.report(id)
                .map(report -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(ReportFiles.json(report)))
                .orElseThrow(() -> notFound("no eval run '" + run + "'; GET " + RUNS + " lists the runs")));
    }

    private static ResponseStatusException badRequest(String detail) {
        return new ResponseStatusException(HttpStatus.BAD_REQUEST, detail);
    }
}
