package dev.tracehound.platform.identity;

import static dev.tracehound.platform.identity.IdentityDatabase.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracehound.platform.ApiKeys;
import dev.tracehound.platform.ApiKeys.Scope;
import dev.tracehound.platform.KeyHolder;
import dev.tracehound.platform.SeatLimit;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApiKeyAdminIT {

    private IdentityDatabase db;
    private User owner;
    private UUID workspace;
    private WorkspaceProject shop;
    private ApiKeyAdmin keys;
    private ApiKeys presented;

    @BeforeEach
    void start() {
        db = new IdentityDatabase(SeatLimit.UNLIMITED);
        owner = db.signIn("olivia");
        workspace = db.defaultWorkspace();
        shop = db.projects.create(as(owner), workspace, "shop", "Shop");
        keys = db.keys(Clock.systemUTC());
        presented = db.apiKeys();
    }

    @AfterEach
    void drop() {
        db.close();
    }

    @Test
    void aCreatedKeyWorksAndIsListedWithItsCreatorButNeverItsSecret() {
        long before = db.auditRows(workspace);

        IssuedKey issued = keys.create(as(owner), workspace, shop.id(), "collector", Scope.INGEST, null);

        assertThat(issued.secret()).matches("thk_[0-9a-f]{40}");
        assertThat(issued.toString()).doesNotContain(issued.secret());
        assertThat(presented.holderOf(issued.secret(), Scope.INGEST))
                .contains(new KeyHolder(issued.key().id(), shop.id(), Scope.INGEST));
        ApiKeyView listed = keys.list(workspace, shop.id()).getFirst();
        assertThat(listed).isEqualTo(issued.key());
        assertThat(listed.name()).isEqualTo("collector");
        assertThat(listed.prefix()).isEqualTo(issued.secret().substring(0, 8));
        assertThat(listed.createdBy()).isEqualTo(owner.id());
        assertThat(listed.lastUsedAt()).isNull();
        assertThat(listed.expiresAt()).isNull();
        assertThat(listed.revokedAt()).isNull();
        assertThat(db.auditRows(workspace)).isEqualTo(before + 1);
        AuditEntry row = db.audit.entries(workspace, 1).getFirst();
        assertThat(row.action()).isEqualTo(AuditAction.API_KEY_CREATED);
        assertThat(row.targetId()).isEqualTo(issued.key().id().toString());
        assertThat(row.summary()).doesNotContain(issued.secret());
    }

    @Test
    void aKeyMadeByTheServiceHasNoCreator() {
        presented.create(shop.id(), "demo", Scope.READ);
        keys.create(Actor.system(), workspace, shop.id(), "seeded", Scope.READ, null);

        assertThat(keys.list(workspace, shop.id())).extracting(ApiKeyView::createdBy).containsOnlyNulls();
    }

    @Test
    void anExpiredKeyStopsWorking() {
        Instant anHourAgo = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MICROS);
        ApiKeyAdmin yesterday = db.keys(Clock.fixed(anHourAgo.minus(Duration.ofDays(1)), ZoneOffset.UTC));
        IssuedKey expired = yesterday.create(as(owner), workspace, shop.id(), "short-lived", Scope.READ, anHourAgo);
        IssuedKey current = keys.create(as(owner), workspace, shop.id(), "monthly", Scope.READ,
                Instant.now().plus(Duration.ofDays(30)));

        assertThat(presented.projectOf(expired.secret(), Scope.READ)).isEmpty();
        assertThat(presented.projectOf(current.secret(), Scope.READ)).contains(shop.id());
        assertThat(keys.find(workspace, shop.id(), expired.key().id())).map(ApiKeyView::expiresAt).contains(anHourAgo);
    }

    @Test
    void anExpiryInThePastOrNoScopeIsRefused() {
        Instant past = Instant.now().minusSeconds(1);

        assertThatThrownBy(() -> keys.create(as(owner), workspace, shop.id(), "k", Scope.READ, past))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expiry must be in the future");
        assertThatThrownBy(() -> keys.create(as(owner), workspace, shop.id(), "k", null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a scope");
        assertThatThrownBy(() -> keys.create(as(owner), workspace, shop.id(), " ", Scope.READ, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key name must be 1-200");
    }

    @Test
    void rotatingGivesANewSecretForTheSameKeyAndStopsTheOldOne() {
        Instant expiry = Instant.now().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.MICROS);
        IssuedKey old = keys.create(as(owner), workspace, shop.id(), "dashboard", Scope.READ, expiry);
        User admin = db.signIn("ada");
        long before = db.auditRows(workspace);

        IssuedKey rotated = keys.rotate(as(admin), workspace, shop.id(), old.key().id());

        assertThat(rotated.secret()).isNotEqualTo(old.secret());
        assertThat(rotated.key().id()).isNotEqualTo(old.key().id());
        assertThat(rotated.key().name()).isEqualTo("dashboard");
        assertThat(rotated.key().scope()).isEqualTo(Scope.READ);
        assertThat(rotated.key().expiresAt()).isEqualTo(expiry);
        assertThat(rotated.key().createdBy()).isEqualTo(owner.id());
        assertThat(presented.projectOf(old.secret(), Scope.READ)).isEmpty();
        assertThat(presented.projectOf(rotated.secret(), Scope.READ)).contains(shop.id());
        assertThat(keys.find(workspace, shop.id(), old.key().id()).orElseThrow().revokedAt()).isNotNull();
        assertThat(db.auditRows(workspace)).isEqualTo(before + 1);
        AuditEntry row = db.audit.entries(workspace, 1).getFirst();
        assertThat(row.action()).isEqualTo(AuditAction.API_KEY_ROTATED);
        assertThat(row.actor().id()).isEqualTo(admin.id());
        assertThat(row.summary()).contains(rotated.key().id().toString());
    }

    @Test
    void aRevokedOrExpiredKeyCannotBeRotated() {
        IssuedKey revoked = keys.create(as(owner), workspace, shop.id(), "old", Scope.INGEST, null);
        keys.revoke(as(owner), workspace, shop.id(), revoked.key().id());
        Instant soon = Instant.now().plus(Duration.ofMinutes(5));
        IssuedKey expiring = keys.create(as(owner), workspace, shop.id(), "brief", Scope.INGEST, soon);
        ApiKeyAdmin later = db.keys(Clock.fixed(soon.plusSeconds(1), ZoneOffset.UTC));

        assertThatThrownBy(() -> keys.rotate(as(owner), workspace, shop.id(), revoked.key().id()))
                .isInstanceOf(ConflictException.class).hasMessageContaining("was revoked").hasMessageContaining("create a new key");
        assertThatThrownBy(() -> later.rotate(as(owner), workspace, shop.id(), expiring.key().id()))
                .isInstanceOf(ConflictException.class).hasMessageContaining("expired");
        assertThat(keys.list(workspace, shop.id())).hasSize(2);
    }

    @Test
    void revokingStopsTheKeyAtOnceAndASecondRevokeChangesNothing() {
        IssuedKey issued = keys.create(as(owner), workspace, shop.id(), "collector", Scope.INGEST, null);
        long before = db.auditRows(workspace);

        assertThat(keys.revoke(as(owner), workspace, shop.id(), issued.key().id())).isTrue();
        assertThat(keys.revoke(as(owner), workspace, shop.id(), issued.key().id())).isFalse();

        assertThat(presented.holderOf(issued.secret(), Scope.INGEST)).isEmpty();
        assertThat(db.auditRows(workspace)).isEqualTo(before + 1);
        assertThat(db.audit.entries(workspace, 1).getFirst().action()).isEqualTo(AuditAction.API_KEY_REVOKED);
    }

    @Test
    void anotherProjectsOrWorkspacesKeyIsNotFound() {
        WorkspaceProject billing = db.projects.create(as(owner), workspace, "billing", "Billing");
        IssuedKey shopKey = keys.create(as(owner), workspace, shop.id(), "collector", Scope.INGEST, null);
        UUID other = UUID.randomUUID();
        db.jdbc.sql("INSERT INTO workspaces (id, slug, name) VALUES (:id, 'other', 'Other')").param("id", other).update();

        assertThatThrownBy(() -> keys.revoke(as(owner), workspace, billing.id(), shopKey.key().id()))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> keys.rotate(as(owner), other, shop.id(), shopKey.key().id()))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> keys.list(other, shop.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> keys.create(as(owner), other, shop.id(), "mine", Scope.READ, null))
                .isInstanceOf(NotFoundException.class);
        assertThat(keys.find(workspace, billing.id(), shopKey.key().id())).isEmpty();
        assertThat(keys.list(workspace, billing.id())).isEmpty();
        assertThat(presented.holderOf(shopKey.secret(), Scope.INGEST)).isPresent();
    }

    @Test
    void aProjectBeingDeletedHasNoKeysToManage() {
        IssuedKey issued = keys.create(as(owner), workspace, shop.id(), "collector", Scope.INGEST, null);
        db.projects.startDeletion(as(owner), workspace, shop.id());

        assertThatThrownBy(() -> keys.list(workspace, shop.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> keys.create(as(owner), workspace, shop.id(), "new", Scope.INGEST, null))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> keys.rotate(as(owner), workspace, shop.id(), issued.key().id()))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void aTouchedKeyShowsWhenItWasLastUsed() {
        IssuedKey issued = keys.create(as(owner), workspace, shop.id(), "collector", Scope.INGEST, null);
        KeyHolder holder = presented.holderOf(issued.secret(), Scope.INGEST).orElseThrow();

        presented.touch(holder.keyId());

        assertThat(keys.find(workspace, shop.id(), holder.keyId()).orElseThrow().lastUsedAt()).isNotNull();
    }
}
