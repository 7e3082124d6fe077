package dev.tracehound.analytics.query;

import dev.tracehound.analytics.ClickHouse;
import dev.tracehound.analytics.Row;
import dev.tracehound.analytics.Sql;
import java.util.List;

/**
 * The only way queries of this package reach ClickHouse: each is run for one project, whose
 * id this class binds itself, and a statement that does not filter on it is refused before
 * it is sent. So no caller can forget the filter or fill it with the wrong value.
 */
final class ProjectQueries {

    /** The filter every statement must hold, on every table it reads. */
    static final String PROJECT_FILTER = "project_id = {project:String}";

    private final ClickHouse clickHouse;

    ProjectQueries(ClickHouse clickHouse) {
        this.clickHouse = clickHouse;
    }

    List<Row> query(String projectId, Sql sql) {
        if (projectId == null || projectId.isBlank()) {
            throw new IllegalArgumentException("a query needs a project");
        }
        if (!sql.text().contains(PROJECT_FILTER)) {
            throw new IllegalStateException("refusing a query without " + PROJECT_FILTER + ": " + sql.text());
        }
        return clickHouse.query(sql.bind("project", projectId));
    }
}
