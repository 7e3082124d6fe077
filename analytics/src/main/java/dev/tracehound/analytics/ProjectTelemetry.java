package dev.tracehound.analytics;

import java.time.Duration;
import java.util.List;

/**
 * What one project has stored, and its removal: for a loader that fills a project with
 * generated telemetry (the demo) and must tell a complete load from one that stopped part-way.
 */
public final class ProjectTelemetry {

    private static final String SPAN_COVERAGE = """
            SELECT count() AS spans, dateDiff('minute', min(timestamp), max(timestamp)) AS minutes
            FROM spans WHERE project_id = {project:String}""";
    private static final String LOG_COUNT = """
            SELECT count() AS logs FROM logs WHERE project_id = {project:String}""";
    private static final String DELETE_PROJECT_ROWS = """
            ALTER TABLE <table> DELETE WHERE project_id = {project:String}""";
    private static final List<String> PROJECT_TABLES = List.of("spans", "logs", "trace_index", "metrics");

    private final ClickHouse clickHouse;

    public ProjectTelemetry(ClickHouse clickHouse) {
        this.clickHouse = clickHouse;
    }

    /**
     * How many spans the project has and the time from its first to its last.
     *
     * @param timeSpanned zero when the project has no spans
     */
    public record SpanCoverage(long spans, Duration timeSpanned) {}

    public SpanCoverage spanCoverage(String projectId) {
        Row row = clickHouse.query(Sql.of(SPAN_COVERAGE).bind("project", projectId)).getFirst();
        long spans = row.longValue("spans");
        return new SpanCoverage(spans, spans == 0 ? Duration.ZERO : Duration.ofMinutes(row.longValue("minutes")));
    }

    public long logCount(String projectId) {
        return clickHouse.query(Sql.of(LOG_COUNT).bind("project", projectId)).getFirst().longValue("logs");
    }

    /**
     * Removes the project's spans, their trace index, its logs and its metrics. ClickHouse
     * deletes in the background (a mutation): the rows go soon after this returns, not at once.
     */
    public void deleteTelemetry(String projectId) {
        for (String table : PROJECT_TABLES) {
            clickHouse.execute(Sql.of(DELETE_PROJECT_ROWS.replace("<table>", table)).bind("project", projectId).render());
        }
    }
}
