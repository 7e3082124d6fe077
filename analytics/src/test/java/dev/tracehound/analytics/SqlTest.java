package dev.tracehound.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqlTest {

    @Test
    void rendersTypedPlaceholdersAsLiterals() {
        String sql = Sql.of("SELECT * FROM spans WHERE project_id = {p:String} AND duration_ns > {d:UInt64}"
                        + " AND timestamp >= {from:DateTime} AND service_name IN {services:Array(String)}"
                        + " AND ratio < {r:Float64}")
                .bind("p", "demo")
                .bind("d", 5L)
                .bind("from", Instant.ofEpochSecond(1_700_000_000L))
                .bind("services", List.of("checkout", "payments"))
                .bind("r", 0.5)
                .render();

        assertThat(sql).isEqualTo("SELECT * FROM spans WHERE project_id = 'demo' AND duration_ns > 5"
                + " AND timestamp >= toDateTime(1700000000, 'UTC') AND service_name IN ['checkout', 'payments']"
                + " AND ratio < 0.5");
    }

    @Test
    void escapesEverythingThatCouldEndAStringLiteral() {
        String rendered = Sql.of("SELECT {s:String}").bind("s", "x' OR 1=1 --\\'\n\t\0").render();

        assertThat(rendered).isEqualTo("SELECT 'x\\' OR 1=1 --\\\\\\'\\n\\t\\0'");
    }

    @Test
    void refusesValuesOfTheWrongType() {
        assertThatThrownBy(() -> Sql.of("SELECT {n:UInt64}").bind("n", "1; DROP TABLE spans").render())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("n must be an integer");
        assertThatThrownBy(() -> Sql.of("SELECT {n:UInt64}").bind("n", -1L).render())
                .hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> Sql.of("SELECT {f:Float64}").bind("f", Double.NaN).render())
                .hasMessageContaining("finite number");
    }

    @Test
    void refusesMissingValuesAndUnknownTypes() {
        assertThatThrownBy(() -> Sql.of("SELECT {missing:String}").render())
                .hasMessageContaining("no value bound for {missing:String}");
        assertThatThrownBy(() -> Sql.of("SELECT {x:Date}").bind("x", "y").render())
                .isInstanceOf(IllegalArgumentException.class);
    }
}
