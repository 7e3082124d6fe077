package dev.tracehound.evals.store;

import static dev.tracehound.evals.report.Results.report;
import static dev.tracehound.evals.report.Results.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tracehound.evals.report.EvalReport;
import dev.tracehound.evals.score.Outcome;
import dev.tracehound.fixtures.ThrowawayPostgres;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

class EvalRunsIT {

    @Test
    void runsAreKeptNewestFirstAndApartFromTheServicesSchema() {
        try (var postgres = ThrowawayPostgres.create("evals")) {
            var runs = new EvalRuns(postgres.dataSource());
            assertThat(runs.list(10)).as("no schema yet: no runs, no error").isEmpty();

            try (var database = EvalDatabase.open(postgres.url(), ThrowawayPostgres.user(), ThrowawayPostgres.password(), 2)) {
                EvalReport first = report(List.of(result("a-01", "x", "easy", "incident", Outcome.WRONG)), Optional.empty());
                EvalReport second = new EvalReport(UUID.randomUUID().toString(), first.startedAt().plusSeconds(600),
                        first.finishedAt().plusSeconds(600), "def456", first.model(), first.promptHash(), "",
                        first.summary(), first.results(), Optional.empty());
                var stored = new EvalRuns(database.dataSource());
                stored.save(first);
                stored.save(second);

                assertThat(runs.list(10)).extracting(EvalRuns.Run::gitCommit).containsExactly("def456", "abc123");
                assertThat(runs.report(UUID.fromString(first.id()))).contains(first);
                assertThat(runs.latest(first.model(), "")).contains(second);
                assertThat(runs.latest("another-model", "")).isEmpty();
                var tables = JdbcClient.create(postgres.dataSource())
                        .sql("SELECT table_schema || '.' || table_name FROM information_schema.tables "
                                + "WHERE table_name IN ('eval_runs', 'agent_sessions')").query(String.class).list();
                assertThat(tables).as("the runs' tables and their sessions' live in the schema evals only")
                        .containsExactlyInAnyOrder("evals.eval_runs", "evals.agent_sessions");
            }
        }
    }
}
