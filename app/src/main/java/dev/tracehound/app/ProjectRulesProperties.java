package dev.tracehound.app;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How ingest reads each project's own rules (PII scrub rules, rate limit) from PostgreSQL.
 *
 * @param cacheTtl how long a project's rules are used before they are read again; a change takes
 *                 effect within about this long
 */
@ConfigurationProperties("tracehound.ingest.project-rules")
record ProjectRulesProperties(@DefaultValue("30s") Duration cacheTtl) {

    ProjectRulesProperties {
        if (cacheTtl == null || cacheTtl.isNegative() || cacheTtl.isZero()) {
            throw new IllegalArgumentException("tracehound.ingest.project-rules.cache-ttl must be positive; was "
                    + cacheTtl);
        }
    }
}
