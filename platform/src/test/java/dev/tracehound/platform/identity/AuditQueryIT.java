package dev.tracehound.platform.identity;

import static dev.tracehound.platform.identity.IdentityDatabase.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracehound.platform.SeatLimit;
import java.io.IOException;
import java.io.StringReader;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuditQueryIT {

    private static final Instant T0 = Instant.parse("2020-01-01T00:00:00Z");

    private IdentityDatabase db;
    private User owner;
    private UUID workspace;

    @BeforeEach
    void start() {
        db = new IdentityDatabase(SeatLimit.UNLIMITED);
        owner = db.signIn("olivia");
        workspace = db.defaultWorkspace();
    }

    @AfterEach
    void drop() {
        db.close();
    }

    @Test
    void rowsAreFilteredByActorActionTargetAndTime() {
        User admin = db.signIn("ada");
        UUID keyActor = UUID.randomUUID();
        row(T0.plusSeconds(10), Actor.user(owner.id(), null, null), AuditAction.PROJECT_CREATED, "project", "p1");
        row(T0.plusSeconds(20), Actor.user(admin.id(), null, null), AuditAction.PROJECT_RENAMED, "project", "p1");
        row(T0.plusSeconds(30), Actor.apiKey(keyActor, null, null), AuditAction.API_KEY_CREATED, "api_key", "k1");
        row(T0.plusSeconds(40), Actor.user(admin.id(), null, null), AuditAction.API_KEY_REVOKED, "api_key", "k1");
        AuditFilter all = AuditFilter.of(workspace).between(T0, T0.plusSeconds(3600));

        assertThat(targets(all)).containsExactly("k1@40", "k1@30", "p1@20", "p1@10");
        assertThat(targets(all.byActor(Actor.Kind.USER, admin.id()))).containsExactly("k1@40", "p1@20");
        assertThat(targets(all.byActor(Actor.Kind.API_KEY, null))).containsExactly("k1@30");
        assertThat(targets(all.withAction(AuditAction.PROJECT_RENAMED))).containsExactly("p1@20");
        assertThat(targets(all.onTarget("api_key", "k1"))).containsExactly("k1@40", "k1@30");
        assertThat(targets(all.onTarget("project", null))).containsExactly("p1@20", "p1@10");
        assertThat(targets(all.between(T0.plusSeconds(20), T0.plusSeconds(40)))).containsExactly("k1@30", "p1@20");
        assertThat(targets(AuditFilter.of(workspace))).hasSize(5);
        assertThat(targets(AuditFilter.of(UUID.randomUUID()))).isEmpty();
    }

    @Test
    void pagesFollowOneAnotherWithoutGapsOrRepeatsEvenWithinOneInstant() {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            row(T0, Actor.system(), AuditAction.PROJECT_CREATED, "project", "same-" + i);
        }
        for (int i = 0; i < 7; i++) {
            row(T0.plusSeconds(i + 1), Actor.system(), AuditAction.PROJECT_CREATED, "project", "later-" + i);
        }
        for (int i = 6; i >= 0; i--) {
            expected.add("later-" + i);
        }
        for (int i = 6; i >= 0; i--) {
            expected.add("same-" + i);
        }
        AuditFilter filter = AuditFilter.of(workspace).onTarget("project", null);

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            AuditPage page = db.audit.page(filter, 3, cursor);
            page.entries().forEach(e -> seen.add(e.targetId()));
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null);

        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(pages).isEqualTo(5);
    }

    @Test
    void aCursorThatWasNotGivenOutOrABadLimitIsRefused() {
        AuditFilter filter = AuditFilter.of(workspace);

        assertThatThrownBy(() -> db.audit.page(filter, 10, "not-a-cursor"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not one this audit log gave out");
        assertThatThrownBy(() -> db.audit.page(filter, 0, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 to 1000 rows");
        assertThatThrownBy(() -> db.audit.page(filter, 1001, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AuditFilter.of(workspace).between(T0, T0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must start before it ends");
    }

    @Test
    void theCsvExportIsRfc4180AndReadsBackToTheSameRows() throws IOException {
        Actor tricky = Actor.user(owner.id(), "203.0.113.7", "agent \"quoted\", with comma\r\nand a line break");
        db.workspaces.rename(tricky, workspace, "Acme, \"Inc.\"");
        row(T0, Actor.user(owner.id(), "198.51.100.1", "=HYPERLINK(\"http://evil\")"), AuditAction.PROJECT_CREATED,
                "project", "-p1");
        StringBuilder out = new StringBuilder();

        long written = db.audit.exportCsv(AuditFilter.of(workspace).byActor(Actor.Kind.USER, owner.id()), out);

        assertThat(written).isEqualTo(2);
        assertThat(out.toString()).startsWith(String.join(",", AuditCsv.HEADER) + "\r\n");
        List<CSVRecord> records = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(out.toString())).getRecords();
        assertThat(records).hasSize(2);
        CSVRecord renamed = records.getFirst();
        assertThat(renamed.get("action")).isEqualTo("WORKSPACE_RENAMED");
        assertThat(renamed.get("actor_kind")).isEqualTo("user");
        assertThat(renamed.get("actor_id")).isEqualTo(owner.id().toString());
        assertThat(renamed.get("user_agent")).isEqualTo("agent \"quoted\", with comma\r\nand a line break");
        assertThat(renamed.get("summary")).contains("Acme, \\\"Inc.\\\"");
        assertThat(Instant.parse(renamed.get("occurred_at"))).isAfter(T0);
        CSVRecord formula = records.getLast();
        assertThat(formula.get("user_agent")).isEqualTo("'=HYPERLINK(\"http://evil\")");
        assertThat(formula.get("target_id")).isEqualTo("'-p1");
        assertThat(formula.get("occurred_at")).isEqualTo("2020-01-01T00:00:00Z");
    }

    @Test
    void theExportStreamsManyRowsInTheSameOrderAsThePages() throws IOException {
        for (int i = 0; i < 1_200; i++) {
            row(T0.plusSeconds(i), Actor.system(), AuditAction.PROJECT_CREATED, "project", "p" + i);
        }
        AuditFilter filter = AuditFilter.of(workspace).onTarget("project", null);
        StringBuilder out = new StringBuilder();

        long written = db.audit.exportCsv(filter, out);

        List<CSVRecord> records = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(out.toString())).getRecords();
        assertThat(written).isEqualTo(1_200);
        assertThat(records.getFirst().get("target_id")).isEqualTo("p1199");
        assertThat(records.getLast().get("target_id")).isEqualTo("p0");
        assertThat(records.subList(0, 3).stream().map(r -> r.get("target_id")).toList())
                .isEqualTo(db.audit.page(filter, 3, null).entries().stream().map(AuditEntry::targetId).toList());
    }

    @Test
    void aWriterThatFailsStopsTheExportWithItsError() {
        for (int i = 0; i < 10; i++) {
            row(T0.plusSeconds(i), Actor.system(), AuditAction.PROJECT_CREATED, "project", "p" + i);
        }
        Writer gone = new Writer() {
            private int written;

            @Override
            public void write(char[] buffer, int offset, int length) throws IOException {
                written += length;
                if (written > 200) {
                    throw new IOException("the client went away");
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };

        assertThatThrownBy(() -> db.audit.exportCsv(AuditFilter.of(workspace), gone))
                .isInstanceOf(IOException.class).hasMessage("the client went away");
    }

    private List<String> targets(AuditFilter filter) {
        return db.audit.page(filter, 100, null).entries().stream()
                .map(e -> e.targetId() + (e.occurredAt().isBefore(T0.plusSeconds(3600))
                        ? "@" + (e.occurredAt().getEpochSecond() - T0.getEpochSecond()) : ""))
                .toList();
    }

    private void row(Instant at, Actor actor, AuditAction action, String targetKind, String targetId) {
        db.jdbc.sql("""
                        INSERT INTO audit_log (workspace_id, occurred_at, actor_kind, actor_id, action, target_kind,
                                               target_id, ip, user_agent)
                        VALUES (:w, :at, :kind, :actor, :action, :targetKind, :targetId, :ip, :agent)""")
                .params(Map.of("w", workspace, "at", Times.at(at), "kind", actor.kind().name().toLowerCase(),
                        "action", action.name(), "targetKind", targetKind, "targetId", targetId))
                .param("actor", actor.id()).param("ip", actor.ip()).param("agent", actor.userAgent())
                .update();
    }
}
