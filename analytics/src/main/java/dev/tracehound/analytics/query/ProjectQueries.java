package dev.tracehound.analytics.query;

import dev.tracehound.analytics.ClickHouse;
import dev.tracehound.analytics.ClickHouseException;
import dev.tracehound.analytics.ReadLimits;
import dev.tracehound.analytics.Row;
import dev.tracehound.analytics.Sql;
import java.util.List;
import java.util.Optional;

/**
 * The only way queries of this package reach ClickHouse: each is run for one project, whose
 * id this class binds itself, and a statement that does not filter on it is refused before
 * it is sent. So no caller can forget the filter or fill it with the wrong value. A query
 * that hits the connection's {@link ReadLimits} or time limit becomes a
 * {@link QueryTooBroadException} that says how to narrow it.
 */
final class ProjectQueries {

    /** The filter every statement must hold, on every table it reads. */
    static final String PROJECT_FILTER = "project_id = {project:String}";

    private static final int TIMEOUT_EXCEEDED = 159;
    private static final int TOO_MANY_ROWS = 158;
    private static final int TOO_MANY_RESULT_ROWS = 396;

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
        try {
            return clickHouse.query(sql.bind("project", projectId));
        } catch (ClickHouseException e) {
            throw tooBroad(e).orElseThrow(() -> e);
        }
    }

    private Optional<QueryTooBroadException> tooBroad(ClickHouseException e) {
        int code = e.serverCode().orElse(-1);
        ReadLimits limits = clickHouse.readLimits();
        String narrow = " Narrow the time range ('from' and 'to') or add filters such as service or span name.";
        return Optional.ofNullable(switch (code) {
            case TOO_MANY_ROWS -> new QueryTooBroadException("the query would read more than "
                    + limits.maxRowsToRead() + " rows, the most one query may read." + narrow, e);
            case TOO_MANY_RESULT_ROWS -> new QueryTooBroadException("the query would return more than "
                    + limits.maxResultRows() + " rows, the most one query may return." + narrow
                    + " Fewer groups or a smaller limit also help.", e);
            case TIMEOUT_EXCEEDED -> new QueryTooBroadException("the query ran longer than "
                    + clickHouse.settings().queryTimeout().toSeconds() + " s, the most one query may take." + narrow, e);
            default -> null;
        });
    }
}
