package dev.tracehound.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracehound.fixtures.ThrowawayPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

class ProjectDirectoryIT {

    private ThrowawayPostgres postgres;
    private ProjectDirectory directory;

    @BeforeEach
    void migrate() {
        postgres = ThrowawayPostgres.create();
        Flyway.configure().dataSource(postgres.dataSource()).locations(PlatformSchema.MIGRATIONS).load().migrate();
        directory = new ProjectDirectory(JdbcClient.create(postgres.dataSource()));
    }

    @AfterEach
    void drop() {
        postgres.close();
    }

    @Test
    void ensureCreatesOnceAndThenFindsTheSameProject() {
        Project first = directory.ensure("acme", "Acme Inc.", "shop", "Shop");
        Project again = directory.ensure("acme", "Acme Inc.", "shop", "Shop");
        Project other = directory.ensure("acme", "Acme Inc.", "billing", "Billing");

        assertThat(again).isEqualTo(first);
        assertThat(other.workspaceId()).isEqualTo(first.workspaceId());
        assertThat(other.id()).isNotEqualTo(first.id());
        assertThat(directory.find("acme", "shop")).contains(first);
        assertThat(directory.find("acme", "nope")).isEmpty();
    }

    @Test
    void allListsTheProjectsOfEveryWorkspaceButThoseBeingDeleted() {
        Project shop = directory.ensure("acme", "Acme Inc.", "shop", "Shop");
        Project blog = directory.ensure("globex", "Globex", "blog", "Blog");
        directory.ensure("globex", "Globex", "old", "Old");
        JdbcClient.create(postgres.dataSource())
                .sql("UPDATE projects SET deletion_requested_at = now() WHERE slug = 'old'").update();

        assertThat(directory.all()).containsExactlyInAnyOrder(shop, blog);
    }

    @Test
    void rejectsSlugsThatAreNotUrlSafe() {
        assertThatThrownBy(() -> directory.ensure("Acme Inc", "Acme", "shop", "Shop"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("workspace slug");
        assertThatThrownBy(() -> directory.ensure("acme", "Acme", "shop'; drop table projects;--", "Shop"))
                .hasMessageContaining("project slug");
    }

    @Test
    void migratingAgainIsANoOp() {
        var result = Flyway.configure().dataSource(postgres.dataSource()).locations(PlatformSchema.MIGRATIONS).load()
                .migrate();

        assertThat(result.migrationsExecuted).isZero();
    }
}
