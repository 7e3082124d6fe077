package dev.tracehound.analytics.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class FragmentsTest {

    private static final String STATEMENT = """
            SELECT <columns>
            FROM spans
            WHERE project_id = {project:String}
            <conditions>ORDER BY <order>, span_id <order>""";

    @Test
    void everyNamedFragmentIsFilledWhereverItAppears() {
        String sql = Fragments.fill(STATEMENT, Map.of("columns", "trace_id, span_id",
                "conditions", "  AND service_name = {service:String}\n", "order", "DESC"));

        assertThat(sql).isEqualTo("""
                SELECT trace_id, span_id
                FROM spans
                WHERE project_id = {project:String}
                  AND service_name = {service:String}
                ORDER BY DESC, span_id DESC""");
    }

    @Test
    void aFragmentTheStatementNamesButNobodyGaveFailsNamingIt() {
        assertThatThrownBy(() -> Fragments.fill(STATEMENT, Map.of("columns", "trace_id", "conditions", "")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no SQL given for <order>");
    }

    @Test
    void aFragmentGivenButNotInTheStatementFailsRatherThanBeingDropped() {
        assertThatThrownBy(() -> Fragments.fill(STATEMENT, Map.of("columns", "trace_id", "conditions", "",
                "order", "DESC", "limit", "LIMIT 10")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("limit");
    }

    @Test
    void aFilledFragmentIsNotReadAgainForFragments() {
        assertThat(Fragments.fill("SELECT <value>", Map.of("value", "'<columns>'"))).isEqualTo("SELECT '<columns>'");
    }

    /** The query layer's SQL is named statements with named fragments: no statement is spliced by position. */
    @Test
    void noSourceOfAnalyticsSplicesSqlByPosition() throws IOException {
        // %1$s slots, a text block or a SQL constant formatted, String.format.
        var positional = Pattern.compile(
                "%\\d+\\$s|\"\"\"\\s*\\.formatted\\(|\\b[A-Z][A-Z0-9_]*\\.formatted\\(|String\\.format\\(");
        Path main = Path.of("src/main/java");
        assertThat(main).isDirectory();
        List<String> offenders;
        try (Stream<Path> files = Files.walk(main)) {
            offenders = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> positional.matcher(read(f)).find())
                    .map(f -> main.relativize(f).toString())
                    .toList();
        }
        assertThat(offenders).as("sources splicing SQL by position; use a named statement and Fragments").isEmpty();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
