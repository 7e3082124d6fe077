package dev.tracehound.analytics.query;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracehound.analytics.ClickHouse;
import dev.tracehound.analytics.ClickHouseSettings;
import dev.tracehound.analytics.Sql;
import org.junit.jupiter.api.Test;

class ProjectQueriesTest {

    @Test
    void aStatementWithoutTheProjectFilterIsRefusedBeforeItIsSent() {
        // Nothing listens on port 1: a statement that got as far as ClickHouse would fail differently.
        try (var clickHouse = ClickHouse.connect(ClickHouseSettings.of("http://127.0.0.1:1", "nowhere"))) {
            var queries = new ProjectQueries(clickHouse);

            assertThatThrownBy(() -> queries.query("a", Sql.of("SELECT count() FROM spans")))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("without project_id = {project:String}");
            assertThatThrownBy(() -> queries.query(" ", Sql.of("SELECT 1 FROM spans WHERE project_id = {project:String}")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("needs a project");
        }
    }
}
