package dev.tracehound.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracehound.fixtures.ThrowawayPostgres;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

class ApiKeysIT {

    private ThrowawayPostgres postgres;
    private JdbcClient jdbc;
    private ApiKeys keys;
    private Project project;

    @BeforeEach
    void migrate() {
        postgres = ThrowawayPostgres.create();
        Flyway.configure().dataSource(postgres.dataSource()).locations(PlatformSchema.MIGRATIONS).load().migrate();
        jdbc = JdbcClient.create(postgres.dataSource());
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

    @Test
    void theHolderOfAKeyNamesTheKeyAndItsProject() {
        String key = keys.create(project.id(), "collector", ApiKeys.Scope.INGEST);
        UUID keyId = jdbc.sql("SELECT id FROM api_keys").query(UUID.class).single();

        assertThat(keys.holderOf(key, ApiKeys.Scope.INGEST))
                .contains(new KeyHolder(keyId, project.id(), ApiKeys.Scope.INGEST));
        assertThat(keys.holderOf(key, ApiKeys.Scope.READ)).isEmpty();
        assertThat(keys.holderOf(null, ApiKeys.Scope.READ)).isEmpty();
    }

    @Test
    void anExpiredKeyOrAKeyOfAProjectBeingDeletedStopsResolving() {
        String expiring = keys.create(project.id(), "expiring", ApiKeys.Scope.INGEST);
        String other = keys.create(new ProjectDirectory(jdbc).ensure("acme", "Acme", "blog", "Blog").id(), "blog",
                ApiKeys.Scope.INGEST);
        jdbc.sql("UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE name = 'expiring'").update();
        assertThat(keys.projectOf(expiring, ApiKeys.Scope.INGEST)).isEmpty();
        assertThat(keys.projectOf(other, ApiKeys.Scope.INGEST)).isPresent();

        jdbc.sql("UPDATE projects SET deletion_requested_at = now() WHERE slug = 'blog'").update();

        assertThat(keys.projectOf(other, ApiKeys.Scope.INGEST)).isEmpty();
    }

    @Test
    void touchWritesTheLastUseAtMostOnceAMinutePerKey() {
        keys.create(project.id(), "one", ApiKeys.Scope.INGEST);
        keys.create(project.id(), "two", ApiKeys.Scope.INGEST);
        UUID one = idOf("one");
        UUID two = idOf("two");
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-07T09:00:00Z"));
        ApiKeys throttled = new ApiKeys(jdbc, now::get);

        assertThat(throttled.touchDue(one)).isTrue();
        assertThat(throttled.touch(one)).isTrue();
        assertThat(lastUsed("one")).isNotNull();
        jdbc.sql("UPDATE api_keys SET last_used_at = NULL").update();
        now.updateAndGet(t -> t.plusSeconds(59));
        assertThat(throttled.touchDue(one)).isFalse();
        assertThat(throttled.touch(one)).isFalse();
        assertThat(throttled.touch(two)).isTrue();
        assertThat(lastUsed("one")).isNull();
        now.updateAndGet(t -> t.plusSeconds(1));
        assertThat(throttled.touch(one)).isTrue();
        assertThat(lastUsed("one")).isNotNull();
    }

    private UUID idOf(String name) {
        return jdbc.sql("SELECT id FROM api_keys WHERE name = :n").param("n", name).query(UUID.class).single();
    }

    private OffsetDateTime lastUsed(String name) {
        return jdbc.sql("SELECT last_used_at FROM api_keys WHERE name = :n").param("n", name)
                .query(OffsetDateTime.class).optional().orElse(null);
    }
}
