package dev.tracehound.app;

import dev.tracehound.platform.notify.NotificationChannels;
import dev.tracehound.platform.notify.NotificationOutbox;
import dev.tracehound.platform.notify.RetryPolicy;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Notifications ({@code tracehound.notifications.*}): the channels, the outbox, and the job that
 * sends its due rows from every instance (each row is claimed by one).
 */
@Configuration(proxyBeanMethods = false)
class IncidentsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(IncidentsConfiguration.class);

    @Bean
    NotificationChannels notificationChannels(DataSource dataSource) {
        return new NotificationChannels(JdbcClient.create(dataSource));
    }

    @Bean
    NotificationOutbox notificationOutbox(DataSource dataSource, NotificationProperties properties) {
        var smtp = properties.smtp().settings();
        log.info("notifications: email {}", smtp == null
                ? "off (no tracehound.notifications.smtp.host); webhook and Slack channels work"
                : "through " + smtp);
        return new NotificationOutbox(dataSource, smtp, RetryPolicy.DEFAULT, Clock.systemUTC());
    }

    @Bean(destroyMethod = "close")
    NotificationJob notificationJob(NotificationOutbox outbox, NotificationProperties properties, MeterRegistry meters) {
        var job = new NotificationJob(outbox, meters, properties.interval());
        job.start(Duration.ofSeconds(5));
        return job;
    }
}
