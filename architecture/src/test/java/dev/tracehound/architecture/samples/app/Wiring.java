package dev.tracehound.architecture.samples.app;

import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Building a bean from a data source is wiring: allowed. */
public class Wiring {
    public static JdbcClient jdbc(DataSource dataSource) {
        return JdbcClient.create(dataSource);
    }
}
