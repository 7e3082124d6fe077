package dev.tracehound.platform.billing;

import static dev.tracehound.platform.identity.AuditLog.summary;

import dev.tracehound.platform.identity.Actor;
import dev.tracehound.platform.identity.AuditAction;
import dev.tracehound.platform.identity.AuditLog;
import dev.tracehound.platform.identity.NotFoundException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Which plan each workspace is on (PostgreSQL's {@code workspace_plans}), read and changed.
 * A workspace without a row is on the catalogue's default plan. A change writes one audit row
 * ({@link AuditAction#PLAN_CHANGED}) in its transaction; a change to what is already there writes
 * nothing. Who may change a plan is the caller's to decide: today the service itself (the demo
 * workspace), later Stripe's webhooks. Readers that cache (PlanEntitlements) see a change within
 * their cache's time to live.
 */
public final class WorkspacePlans {

    private static final String SELECT_PLAN = """
            SELECT plan, status, changed_at, grace_until FROM workspace_plans WHERE workspace_id = :workspace""";
    /** Serialises changes of one workspace's plan, the first one (no row yet) included. */
    private static final String LOCK_WORKSPACE = "SELECT id FROM workspaces WHERE id = :workspace FOR UPDATE";
    private static final String UPSERT_PLAN = """
            INSERT INTO workspace_plans (workspace_id, plan, plan_version, status, changed_at, grace_until)
            VALUES (:workspace, :plan, :version, :status, :now, :graceUntil)
            ON CONFLICT (workspace_id) DO UPDATE
            SET plan = EXCLUDED.plan, plan_version = EXCLUDED.plan_version, status = EXCLUDED.status,
                changed_at = EXCLUDED.changed_at, grace_until = EXCLUDED.grace_until""";

    private static final System.Logger log = System.getLogger(WorkspacePlans.class.getName());

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final AuditLog audit;
    private final Plans catalogue;
    private final Clock clock;

    public WorkspacePlans(DataSource dataSource, Plans catalogue, Clock clock) {
        this.jdbc = JdbcClient.create(dataSource);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.audit = new AuditLog(dataSource);
        this.catalogue = Objects.requireNonNull(catalogue, "catalogue");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Plans catalogue() {
        return catalogue;
    }

    /** The workspace's plan and status now; the default plan, active, when it never chose one. */
    public WorkspacePlan of(UUID workspace) {
        return read(workspace).orElseGet(() -> unchosen(workspace));
    }

    /** Puts the workspace on {@code plan}, active (an upgrade, a downgrade, a renewed subscription). */
    public WorkspacePlan change(Actor actor, UUID workspace, String plan) {
        return change(actor, workspace, plan, WorkspacePlan.Status.ACTIVE, null);
    }

    /**
     * Sets the workspace's plan and billing status; {@code graceUntil} is needed for
     * {@link WorkspacePlan.Status#PAST_DUE} (how long the plan still holds) and refused otherwise.
     *
     * @throws IllegalArgumentException no such plan in the catalogue, or a grace that does not fit the status
     * @throws NotFoundException no workspace has this id
     */
    public WorkspacePlan change(Actor actor, UUID workspace, String plan, WorkspacePlan.Status status,
            Instant graceUntil) {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(status, "status");
        Plan chosen = known(plan);
        if ((status == WorkspacePlan.Status.PAST_DUE) != (graceUntil != null)) {
            throw new IllegalArgumentException(status == WorkspacePlan.Status.PAST_DUE
                    ? "a past-due plan needs the end of its grace period"
                    : "only a past-due plan has a grace period; " + status.column() + " has none");
        }
        return transactions.execute(tx -> {
            lock(workspace);
            WorkspacePlan before = of(workspace);
            Optional<Instant> grace = Optional.ofNullable(graceUntil);
            if (before.changedAt().isPresent() && before.plan().id().equals(chosen.id()) && before.status() == status
                    && before.graceUntil().equals(grace)) {
                return before;
            }
            Instant now = clock.instant();
            jdbc.sql(UPSERT_PLAN).param("workspace", workspace).param("plan", chosen.id())
                    .param("version", catalogue.version()).param("status", status.column())
                    .param("now", at(now))
                    .param("graceUntil", at(graceUntil)).update();
            audit.append(workspace, actor, AuditAction.PLAN_CHANGED, "workspace", workspace,
                    summary("from", before.plan().id(), "fromStatus", before.status().column(), "to", chosen.id(),
                            "status", status.column(), "version", catalogue.version(),
                            "graceUntil", graceUntil == null ? null : graceUntil.toString()));
            return new WorkspacePlan(workspace, chosen, status, Optional.of(now), grace,
                    WorkspacePlan.inEffect(chosen, status, grace, catalogue.defaultPlan(), now));
        });
    }

    /**
     * Puts a workspace that never chose a plan on {@code plan}; one that did keeps its own (so
     * a start-up that seeds a plan does not undo a later change). Returns the plan it is on.
     */
    public WorkspacePlan assignIfUnset(Actor actor, UUID workspace, String plan) {
        known(plan);
        return transactions.execute(tx -> {
            lock(workspace);
            Optional<WorkspacePlan> current = read(workspace);
            return current.isPresent() ? current.get() : change(actor, workspace, plan);
        });
    }

    private Plan known(String plan) {
        return catalogue.byId(plan).orElseThrow(() -> new IllegalArgumentException("no plan '" + plan
                + "'; the plans are " + catalogue.all().stream().map(Plan::id).collect(Collectors.joining(", "))));
    }

    private void lock(UUID workspace) {
        jdbc.sql(LOCK_WORKSPACE).param("workspace", workspace).query(UUID.class).optional()
                .orElseThrow(() -> new NotFoundException("no workspace has the id " + workspace));
    }

    private Optional<WorkspacePlan> read(UUID workspace) {
        return jdbc.sql(SELECT_PLAN).param("workspace", workspace).query((rs, row) -> row(workspace, rs)).optional();
    }

    private WorkspacePlan unchosen(UUID workspace) {
        Plan plan = catalogue.defaultPlan();
        return new WorkspacePlan(workspace, plan, WorkspacePlan.Status.ACTIVE, Optional.empty(), Optional.empty(), plan);
    }

    private WorkspacePlan row(UUID workspace, ResultSet rs) throws SQLException {
        String id = rs.getString("plan");
        Plan plan = catalogue.byId(id).orElseGet(() -> {
            // A plan this catalogue no longer lists: its limits are unknown here, so the default plan's apply.
            log.log(System.Logger.Level.WARNING, "workspace {0} is on plan ''{1}'', which catalogue {2} does not list; "
                    + "the {3} plan''s limits apply", workspace, id, catalogue.version(), catalogue.defaultPlan().id());
            return catalogue.defaultPlan();
        });
        var status = WorkspacePlan.Status.fromColumn(rs.getString("status"));
        Optional<Instant> graceUntil = Optional.ofNullable(rs.getObject("grace_until", OffsetDateTime.class))
                .map(OffsetDateTime::toInstant);
        return new WorkspacePlan(workspace, plan, status,
                Optional.of(rs.getObject("changed_at", OffsetDateTime.class).toInstant()),
                graceUntil, WorkspacePlan.inEffect(plan, status, graceUntil, catalogue.defaultPlan(), clock.instant()));
    }

    private static OffsetDateTime at(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
