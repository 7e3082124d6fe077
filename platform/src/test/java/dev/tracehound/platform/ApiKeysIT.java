package dev.tracehound.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

class ApiKeysIT {

    private TestPostgres postgres;
    private ApiKeys keys;
    private Project project;

    @BeforeEach
    void migrate() {
        postgres = TestPostgres.create();
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
        String key = keys.create(project.id(), "collector");

        assertThat(key).matches("thk_[0-9a-f]{40}");
        assertThat(keys.projectOf(key)).contains(project.id());
        assertThat(keys.projectOf(key + "x")).isEmpty();
        assertThat(keys.projectOf("")).isEmpty();
        String stored = JdbcClient.create(postgres.dataSource()).sql("SELECT encode(key_hash, 'hex') FROM api_keys")
                .query(String.class).single();
        assertThat(stored).hasSize(64).doesNotContain(key.substring(4));
    }

    @Test
    void aRevokedKeyStopsResolving() {
        String key = keys.create(project.id(), "old");

        assertThat(keys.revoke(key)).isTrue();
        assertThat(keys.projectOf(key)).isEmpty();
        assertThat(keys.revoke(key)).isFalse();
    }

    @Test
    void registeringAKnownKeyTwiceIsANoOp() {
        keys.register(project.id(), "demo", "thk_demo_local_only_key");
        keys.register(project.id(), "demo", "thk_demo_local_only_key");

        assertThat(keys.projectOf("thk_demo_local_only_key")).contains(project.id());
        assertThatThrownBy(() -> keys.register(project.id(), "short", "abc"))
                .hasMessageContaining("at least 20 characters");
    }
}
