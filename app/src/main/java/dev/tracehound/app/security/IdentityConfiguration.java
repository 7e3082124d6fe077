package dev.tracehound.app.security;

import dev.tracehound.platform.Entitlements;
import dev.tracehound.platform.billing.Plans;
import dev.tracehound.platform.billing.WorkspacePlans;
import dev.tracehound.platform.identity.ApiKeyAdmin;
import dev.tracehound.platform.identity.AuditLog;
import dev.tracehound.platform.identity.Invitations;
import dev.tracehound.platform.identity.Memberships;
import dev.tracehound.platform.identity.Projects;
import dev.tracehound.platform.identity.Users;
import dev.tracehound.platform.identity.Workspaces;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** People, workspaces, their members and their plans, from PostgreSQL. */
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

    @Bean
    Workspaces workspaces(DataSource dataSource) {
        return new Workspaces(dataSource);
    }

    /** The plan catalogue of the platform jar (plans/plans-v1.json), and which plan each workspace is on. */
    @Bean
    WorkspacePlans workspacePlans(DataSource dataSource) {
        return new WorkspacePlans(dataSource, Plans.builtIn(), Clock.systemUTC());
    }

    @Bean
    Projects projects(DataSource dataSource) {
        return new Projects(dataSource);
    }

    @Bean
    ApiKeyAdmin apiKeyAdmin(DataSource dataSource) {
        return new ApiKeyAdmin(dataSource, Clock.systemUTC());
    }
}
