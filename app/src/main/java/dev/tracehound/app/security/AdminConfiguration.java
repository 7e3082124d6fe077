package dev.tracehound.app.security;

import java.util.ArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The service's keys in front of the actuator: health details for the admin, metrics for the
 * admin and a scraper. These are the operator's, not a workspace's: workspace roles (owner,
 * admin, ...) say what people may do with their workspaces' data, not with the service itself,
 * so the actuator stays outside the people's security chain.
 */
@Configuration(proxyBeanMethods = false)
class AdminConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AdminConfiguration.class);

    @Bean
    ServiceKeys serviceKeys(AdminProperties properties) {
        var keys = new ServiceKeys(properties);
        var scrapers = new ArrayList<String>();
        if (keys.metricsKeySet()) {
            scrapers.add("the metrics key");
        }
        if (keys.adminKeySet()) {
            scrapers.add("the admin key");
        }
        log.info("actuator: health details for {}; /actuator/prometheus for {}",
                keys.adminKeySet() ? "the admin key" : "nobody (TRACEHOUND_ADMIN_KEY is not set)",
                scrapers.isEmpty() ? "nobody (neither TRACEHOUND_ADMIN_METRICS_KEY nor TRACEHOUND_ADMIN_KEY is set)"
                        : String.join(" and ", scrapers));
        return keys;
    }

    @Bean
    AdminKeyFilter adminKeyFilter(ServiceKeys keys,
            @Value("${management.endpoints.web.base-path:/actuator}") String actuatorBasePath) {
        return new AdminKeyFilter(keys, actuatorBasePath);
    }
}
