package dev.tracehound.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracehound.fixtures.ThrowawayPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

class ApiKeysIT {

    private ThrowawayPostgres postgres;
    private ApiKeys keys;
    private Project project;

    @BeforeEach
    void migrate() {
        postgres = ThrowawayPostgres.create();
        Flyway.configure().dataSource(postgres.dataSource()).locations(PlatformSchema.MIGRATIONS).load().migrate();
        var jdbc = JdbcClient.create(postgres.dataSource());
        project = new ProjectDirectory(jdbc).ensure("acme", "Acme", "shop", "Shop");
        keys = new ApiKeys(jdbc);
    }

    @AfterEach
    void drop() {
        postgres.close();
    }

    @Test
    void aCreatedKeyResolvesToItsProjectAndOnlyItsHashIsStored() {
        String key = keys.create(project.id(), "collector", ApiKeys.Scope.INGEST);

        assertThat(key).matches("thk_[0-9a-f]{40}");
        assertThat(keys.projectOf(key, ApiKeys.Scope.INGEST)).contains(project.id());
        assertThat(keys.projectOf(key + "x", ApiKeys.Scope.INGEST)).isEmpty();
        assertThat(keys.projectOf("", ApiKeys.Scope.INGEST)).isEmpty();
        String stored = JdbcClient.create(postgres.dataSource()).sql("SELECT encode(key_hash, 'hex') FROM api_keys")
                .query(String.class).single();
        assertThat(stored).hasSize(64).doesNotContain(key.substring(4));
    }

    @Test
    void aRevokedKeyStopsResolving() {
        String key = keys.create(project.id(), "old", ApiKeys.Scope.INGEST);

        assertThat(keys.revoke(key)).isTrue();
        assertThat(keys.projectOf(key, ApiKeys.Scope.INGEST)).isEmpty();
        assertThat(keys.revoke(key)).isFalse();
    }

    @Test
    void registeringAKnownKeyTwiceIsANoOp() {
        keys.register(project.id(), "demo", "thk_demo_local_only_key", ApiKeys.Scope.INGEST);
        keys.register(project.id(), "demo", "thk_demo_local_only_key", ApiKeys.Scope.INGEST);

        assertThat(keys.projectOf("thk_demo_local_only_key", ApiKeys.Scope.INGEST)).contains(project.id());
        assertThatThrownBy(() -> keys.register(project.id(), "short", "abc", ApiKeys.Scope.INGEST))
                .hasMessageContaining("at least 20 characters");
    }

    @Test
    void aKeyWorksOnlyForItsScope() {
        String ingest = keys.create(project.id(), "collector", ApiKeys.Scope.INGEST);
        String read = keys.create(project.id(), "dashboard", ApiKeys.Scope.READ);

        assertThat(keys.projectOf(ingest, ApiKeys.Scope.INGEST)).contains(project.id());
        assertThat(keys.projectOf(ingest, ApiKeys.Scope.READ)).isEmpty();
        assertThat(keys.projectOf(read, ApiKeys.Scope.READ)).contains(project.id());
        assertThat(keys.projectOf(read, ApiKeys.Scope.INGEST)).isEmpty();
    }
}
