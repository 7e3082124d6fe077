package dev.tracehound.app;

import dev.tracehound.ingest.QuotaGate;
import dev.tracehound.platform.Project;
import dev.tracehound.platform.ProjectDirectory;
import dev.tracehound.platform.billing.Meter;
import dev.tracehound.platform.usage.IngestQuota;
import java.util.Optional;
import java.util.UUID;

/**
 * The ingest quota gate on the platform's plans: a project's spans and log records are held
 * against its workspace's monthly limits ({@link IngestQuota}); metric points are not limited by
 * plans. Blocking (two PostgreSQL reads); ingest puts {@link dev.tracehound.ingest.CachedQuotaGate}
 * in front of it, so the ingest path reads no database per request.
 */
final class PlanQuotaGate implements QuotaGate {

    /** Where a refused client is sent: docs/billing.md explains the quota, the API shows the plan. */
    static final String UPGRADE_DOC = "docs/billing.md#the-ingest-quota";

    private final ProjectDirectory projects;
    private final IngestQuota quota;

    PlanQuotaGate(ProjectDirectory projects, IngestQuota quota) {
        this.projects = projects;
        this.quota = quota;
    }

    @Override
    public Verdict check(String projectId, Signal signal) {
        Meter meter = switch (signal) {
            case TRACES -> Meter.SPANS;
            case LOGS -> Meter.LOG_RECORDS;
            case METRICS -> null;
        };
        if (meter == null) {
            return Verdict.ALLOWED;
        }
        // A project being deleted has no keys left; one not found has nothing to hold against.
        Optional<Project> project = projects.byId(UUID.fromString(projectId));
        if (project.isEmpty()) {
            return Verdict.ALLOWED;
        }
        IngestQuota.Standing standing = quota.standing(project.get().workspaceId(), meter);
        if (!standing.accepts()) {
            return Verdict.overQuota(refusal(project.get().workspaceSlug(), standing));
        }
        return standing.over() ? Verdict.allowedOver(notice(standing)) : Verdict.ALLOWED;
    }

    /** The {@value QuotaGate#HEADER} header: {@code over; meter=spans; plan=free; limit=…; used=…; …}. */
    static String notice(IngestQuota.Standing standing) {
        String head = "over; meter=" + standing.meter().apiName() + "; plan=" + standing.plan() + "; period="
                + standing.period() + "; limit=" + standing.limit() + "; used=" + standing.used();
        return standing.state() == IngestQuota.State.OVERAGE
                ? head + "; overage=billed"
                : head + "; refused-from=" + standing.refusedFrom();
    }

    static String refusal(String workspaceSlug, IngestQuota.Standing standing) {
        String unit = standing.meter().apiName().replace('_', ' ');
        return "workspace " + workspaceSlug + " has used " + standing.used() + " " + unit + " in " + standing.period()
                + ", past its " + standing.plan() + " plan's monthly limit of " + standing.limit() + " " + unit
                + " and the " + IngestQuota.GRACE_PERCENT + "% grace margin (refused from " + standing.refusedFrom()
                + "); nothing of this request was stored. Upgrade the plan to send more this month (GET /api/v1/workspaces/"
                + workspaceSlug + "/plan shows it; see " + UPGRADE_DOC + ")";
    }
}
