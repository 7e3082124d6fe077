package dev.tracehound.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaMigratorIT {

    @Test
    void appliesEveryMigrationOnceAndThenIsANoOp() {
        try (TestClickHouse test = TestClickHouse.create()) {
            var first = new SchemaMigrator(test.clickHouse()).migrate();
            var second = new SchemaMigrator(test.clickHouse()).migrate();

            assertThat(first.applied()).containsExactly(
                    "V001__spans.sql", "V002__logs.sql", "V003__trace_index.sql", "V004__metrics.sql",
                    "V005__ingest_batches.sql", "V006__metric_summaries_and_exponential_histograms.sql",
                    "V007__llm_cached_and_reasoning_tokens.sql", "V008__ingested_bytes.sql");
            assertThat(second.applied()).isEmpty();
            assertThat(second.alreadyApplied()).isEqualTo(8);
            assertThat(test.count("SELECT count() AS c FROM schema_migrations")).isEqualTo(8);
        }
    }

    @Test
    void everyTableSortsByProjectFirst() {
        try (TestClickHouse test = TestClickHouse.migrated()) {
            List<Row> tables = test.clickHouse().query(Sql.of(
                            "SELECT name, sorting_key FROM system.tables WHERE database = {db:String} "
                                    + "AND engine LIKE '%MergeTree' AND name != 'schema_migrations'")
                    .bind("db", test.database()));

            assertThat(tables).extracting(r -> r.string("name"))
                    .containsExactlyInAnyOrder("spans", "logs", "trace_index", "metrics", "ingest_batches");
            assertThat(tables).allSatisfy(r -> assertThat(r.string("sorting_key")).startsWith("project_id,"));
        }
    }

    @Test
    void aMigrationCutShortAfterAddingAColumnCompletesWhenRunAgain() {
        try (TestClickHouse test = TestClickHouse.migrated()) {
            // As if V005 had failed after its first statement: not recorded, column already there.
            test.clickHouse().execute("ALTER TABLE schema_migrations DELETE WHERE version = 5");
            for (int i = 0; i < 100 && test.count("SELECT count() AS c FROM schema_migrations WHERE version = 5") > 0; i++) {
                sleep();
            }

            var again = new SchemaMigrator(test.clickHouse()).migrate();

            assertThat(again.applied()).containsExactly("V005__ingest_batches.sql");
            assertThat(test.count("SELECT count() AS c FROM system.columns WHERE database = currentDatabase() "
                    + "AND name = 'ingest_batch'")).isEqualTo(3);
        }
    }

    @Test
    void theLlmTokensMigrationRunsAgainWhenItWasNotRecorded() {
        try (TestClickHouse test = TestClickHouse.migrated()) {
            // As if V007 had failed after its last statement: not recorded, columns already added.
            test.clickHouse().execute("ALTER TABLE schema_migrations DELETE WHERE version = 7");
            for (int i = 0; i < 100 && test.count("SELECT count() AS c FROM schema_migrations WHERE version = 7") > 0; i++) {
                sleep();
            }

            var again = new SchemaMigrator(test.clickHouse()).migrate();

            assertThat(again.applied()).containsExactly("V007__llm_cached_and_reasoning_tokens.sql");
            assertThat(test.count("SELECT count() AS c FROM system.columns WHERE database = currentDatabase() "
                    + "AND table = 'spans' AND name IN ('llm_cached_input_tokens', 'llm_cache_write_tokens', "
                    + "'llm_reasoning_tokens')")).isEqualTo(3);
        }
    }

    @Test
    void theIngestedBytesMigrationRunsAgainWhenItWasNotRecordedAndOlderRowsCountZeroBytes() {
        try (TestClickHouse test = TestClickHouse.migrated()) {
            // As if V008 had failed after its last statement: not recorded, columns already added.
            test.clickHouse().execute("ALTER TABLE schema_migrations DELETE WHERE version = 8");
            for (int i = 0; i < 100 && test.count("SELECT count() AS c FROM schema_migrations WHERE version = 8") > 0; i++) {
                sleep();
            }
            // A row inserted without the column, as every row stored before the migration was: 0 bytes.
            test.clickHouse().execute("INSERT INTO logs (project_id, time_ns, body) VALUES ('p', 1763700000000000000, 'old')");

            var again = new SchemaMigrator(test.clickHouse()).migrate();

            assertThat(again.applied()).containsExactly("V008__ingested_bytes.sql");
            assertThat(test.count("SELECT count() AS c FROM system.columns WHERE database = currentDatabase() "
                    + "AND name = 'ingested_bytes' AND type = 'UInt32'")).isEqualTo(3);
            assertThat(test.count("SELECT sum(ingested_bytes) AS c FROM logs")).isZero();
        }
    }

    @Test
    void theMetricKindsMigrationRunsAgainWhenItWasNotRecorded() {
        try (TestClickHouse test = TestClickHouse.migrated()) {
            // As if V006 had failed after its last statement: not recorded, enum and columns already changed.
            test.clickHouse().execute("ALTER TABLE schema_migrations DELETE WHERE version = 6");
            for (int i = 0; i < 100 && test.count("SELECT count() AS c FROM schema_migrations WHERE version = 6") > 0; i++) {
                sleep();
            }

            var again = new SchemaMigrator(test.clickHouse()).migrate();

            assertThat(again.applied()).containsExactly("V006__metric_summaries_and_exponential_histograms.sql");
            assertThat(test.count("SELECT count() AS c FROM system.columns WHERE database = currentDatabase() "
                    + "AND table = 'metrics' AND (startsWith(name, 'exp_') OR startsWith(name, 'summary_'))")).isEqualTo(9);
        }
    }

    @Test
    void aBrokenMigrationStopsWithItsFileNameAndTheServersMessage() {
        try (TestClickHouse test = TestClickHouse.create()) {
            var migrator = new SchemaMigrator(test.clickHouse(), "classpath:clickhouse/broken-migrations/");

            assertThatThrownBy(migrator::migrate)
                    .isInstanceOf(SchemaMigrationException.class)
                    .hasMessageContaining("V002__broken.sql failed")
                    .hasMessageContaining("no_such_column");
            assertThat(test.count("SELECT count() AS c FROM schema_migrations")).isEqualTo(1);
            assertThatThrownBy(migrator::migrate).hasMessageContaining("V002__broken.sql failed");
        }
    }

    @Test
    void anEditedAppliedMigrationIsRefused() {
        try (TestClickHouse test = TestClickHouse.migrated()) {
            test.clickHouse().execute("ALTER TABLE schema_migrations UPDATE checksum = 'edited' WHERE version = 2");
            waitForMutation(test);

            assertThatThrownBy(() -> new SchemaMigrator(test.clickHouse()).migrate())
                    .isInstanceOf(SchemaMigrationException.class)
                    .hasMessageContaining("V002__logs.sql was changed after it was applied");
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void waitForMutation(TestClickHouse test) {
        for (int i = 0; i < 100 && test.count("SELECT count() AS c FROM schema_migrations WHERE checksum = 'edited'") == 0; i++) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
