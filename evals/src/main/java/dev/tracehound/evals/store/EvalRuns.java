package dev.tracehound.evals.store;

import dev.tracehound.evals.report.EvalReport;
import dev.tracehound.evals.report.ReportFiles;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The suite's runs in PostgreSQL, newest first: each with its commit, model and prompt hash, and
 * its whole report. The SQL names the schema, so it reads the same from the eval runner's
 * connections and from the service's.
 */
public final class EvalRuns {

    private static final String INSERT = """
            INSERT INTO evals.eval_runs (id, started_at, finished_at, git_commit, model, prompt_hash, filter, scenarios,
                                         passed, report)
            VALUES (:id, :startedAt, :finishedAt, :gitCommit, :model, :promptHash, :filter, :scenarios, :passed,
                    CAST(:report AS jsonb))""";
    private static final String LIST = """
            SELECT id, started_at, finished_at, git_commit, model, prompt_hash, filter, scenarios, passed
              FROM evals.eval_runs ORDER BY started_at DESC, id LIMIT :limit""";
    private static final String REPORT = """
            SELECT report::text FROM evals.eval_runs WHERE id = :id""";
    private static final String LATEST_OF_MODEL = """
            SELECT report::text FROM evals.eval_runs WHERE model = :model AND filter = :filter
             ORDER BY started_at DESC LIMIT 1""";
    private static final String EXISTS = "SELECT to_regclass('evals.eval_runs') IS NOT NULL";

    /** A run as a list shows it. */
    public record Run(UUID id, Instant startedAt, Instant finishedAt, String gitCommit, String model, String promptHash,
            String filter, int scenarios, int passed) {

        public double passRate() {
            return scenarios == 0 ? 0 : (double) passed / scenarios;
        }
    }

    private final JdbcClient jdbc;
    private volatile boolean migrated;

    public EvalRuns(DataSource dataSource) {
        this.jdbc = JdbcClient.create(Objects.requireNonNull(dataSource, "dataSource"));
    }

    public void save(EvalReport report) {
        jdbc.sql(INSERT)
                .param("id", UUID.fromString(report.id()))
                .param("startedAt", Timestamp.from(report.startedAt()))
                .param("finishedAt", Timestamp.from(report.finishedAt()))
                .param("gitCommit", report.gitCommit())
                .param("model", report.model())
                .param("promptHash", report.promptHash())
                .param("filter", report.filter())
                .param("scenarios", report.summary().overall().scenarios())
                .param("passed", report.summary().overall().passed())
                .param("report", ReportFiles.json(report))
                .update();
    }

    /** The newest runs; none when no run was ever stored here (the schema does not exist yet). */
    public List<Run> list(int limit) {
        if (!migrated()) {
            return List.of();
        }
        return jdbc.sql(LIST).param("limit", Math.max(1, Math.min(limit, 500)))
                .query((rs, row) -> new Run(rs.getObject("id", UUID.class), rs.getTimestamp("started_at").toInstant(),
                        rs.getTimestamp("finished_at").toInstant(), rs.getString("git_commit"), rs.getString("model"),
                        rs.getString("prompt_hash"), rs.getString("filter"), rs.getInt("scenarios"), rs.getInt("passed")))
                .list();
    }

    public Optional<EvalReport> report(UUID id) {
        if (!migrated()) {
            return Optional.empty();
        }
        return jdbc.sql(REPORT).param("id", id).query(String.class).optional().map(ReportFiles::parse);
    }

    /** The newest run of the model over the same selection of scenarios: what "the last run" means for a baseline. */
    public Optional<EvalReport> latest(String model, String filter) {
        if (!migrated()) {
            return Optional.empty();
        }
        return jdbc.sql(LATEST_OF_MODEL).param("model", model).param("filter", filter).query(String.class).optional()
                .map(ReportFiles::parse);
    }

    /** Whether the schema exists; once it does it stays, so it is asked only until then. */
    private boolean migrated() {
        if (!migrated) {
            migrated = Boolean.TRUE.equals(jdbc.sql(EXISTS).query(Boolean.class).single());
        }
        return migrated;
    }
}
