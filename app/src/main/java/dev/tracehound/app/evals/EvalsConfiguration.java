package dev.tracehound.app.evals;

import dev.tracehound.evals.store.EvalRuns;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The agent's evaluation runs, as {@code ./dev eval} keeps them in the schema evals of the service's
 * own database. The service only reads them; until a first run there is no schema, and no runs.
 */
@Configuration(proxyBeanMethods = false)
class EvalsConfiguration {

    @Bean
    EvalRuns evalRuns(DataSource dataSource) {
        return new EvalRuns(dataSource);
    }
}
