package dev.tracehound.app.admin;

import dev.tracehound.agent.session.SessionStore;
import dev.tracehound.incidents.alerting.Incidents;
import dev.tracehound.analytics.ClickHouse;
import dev.tracehound.analytics.ProjectTelemetry;
import dev.tracehound.platform.identity.ProjectDeletions;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The background side of the admin API: project deletion jobs. */
@Configuration(proxyBeanMethods = false)
class ProjectDeletionConfiguration {

    /**
     * A job waits {@code settle} after it was asked for, so that keys still in the 30 s key
     * caches have stopped and batches they sent are stored before the rows are deleted; a job
     * whose runner sent no progress for five minutes is taken over by another.
     */
    @Bean
    ProjectDeletionRunner projectDeletionRunner(DataSource dataSource, ClickHouse clickHouse, SessionStore sessions,
            Incidents incidents,
            @Value("${tracehound.projects.deletion-settle:45s}") Duration settle,
            @Value("${tracehound.projects.deletion-poll:2s}") Duration poll) {
        return new ProjectDeletionRunner(new ProjectDeletions(dataSource, settle, Duration.ofMinutes(5)),
                new ProjectTelemetry(clickHouse), sessions, incidents, poll);
    }
}
