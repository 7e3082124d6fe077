package dev.tracehound.architecture.samples.app;

import dev.tracehound.analytics.ClickHouse;
import dev.tracehound.analytics.Sql;

/** app reading analytics' table itself: not allowed. */
public class ReadsSpans {
    public static long spans(ClickHouse clickHouse) {
        return clickHouse.query(Sql.of("SELECT count() AS c FROM spans")).getFirst().longValue("c");
    }
}
