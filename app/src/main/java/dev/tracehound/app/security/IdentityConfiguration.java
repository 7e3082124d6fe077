package dev.tracehound.app.security;

import dev.tracehound.platform.Entitlements;
import dev.tracehound.platform.identity.AuditLog;
import dev.tracehound.platform.identity.Invitations;
import dev.tracehound.platform.identity.Memberships;
import dev.tracehound.platform.identity.Users;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** People, workspaces and their members, from PostgreSQL. */
@Configuration(proxyBeanMethods = false)
class IdentityConfiguration {

    @Bean
    Users users(DataSource dataSource, Entitlements entitlements, IdentityProperties properties) {
        return new Users(dataSource, entitlements, properties.defaultWorkspace());
    }

    @Bean
    Memberships memberships(DataSource dataSource, Entitlements entitlements) {
        return new Memberships(dataSource, entitlements);
    }

    @Bean
    Invitations invitations(DataSource dataSource, Entitlements entitlements) {
        return new Invitations(dataSource, entitlements, Clock.systemUTC());
    }

    @Bean
    AuditLog auditLog(DataSource dataSource) {
        return new AuditLog(dataSource);
    }
}
