package dev.tracehound.app;

import dev.tracehound.ingest.QuotaGate;
import dev.tracehound.platform.Project;
import dev.tracehound.platform.ProjectDirectory;
import dev.tracehound.platform.billing.Meter;
import dev.tracehound.platform.usage.IngestQuota;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The ingest quota gate on the platform's plans: a project's spans and log records, and the bytes
 * of every signal (metric points included), are held against its workspace's monthly limits
 * ({@link IngestQuota}); plans do not limit the number of metric points. A request is refused when
 * any of its meters is past its margin, and told about each meter it is over. Blocking (two
 * PostgreSQL reads); ingest puts {@link dev.tracehound.ingest.CachedQuotaGate} in front of it, so
 * the ingest path reads no database per request.
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

    /** What a request of the signal is held against, in the order a refusal or notice names them. */
    static List<Meter> meters(Signal signal) {
        return switch (signal) {
            case TRACES -> List.of(Meter.SPANS, Meter.INGESTED_BYTES);
            case LOGS -> List.of(Meter.LOG_RECORDS, Meter.INGESTED_BYTES);
            case METRICS -> List.of(Meter.INGESTED_BYTES);
        };
    }

    @Override
    public Verdict check(String projectId, Signal signal) {
        // A project being deleted has no keys left; one not found has nothing to hold against.
        Optional<Project> project = projects.byId(UUID.fromString(projectId));
        if (project.isEmpty()) {
            return Verdict.ALLOWED;
        }
        List<IngestQuota.Standing> standings = quota.standings(project.get().workspaceId(), meters(signal));
        for (IngestQuota.Standing standing : standings) {
            if (!standing.accepts()) {
                return Verdict.overQuota(refusal(project.get().workspaceSlug(), standing));
            }
        }
        String notices = standings.stream().filter(IngestQuota.Standing::over).map(PlanQuotaGate::notice)
                .collect(Collectors.joining(", "));
        return notices.isEmpty() ? Verdict.ALLOWED : Verdict.allowedOver(notices);
    }

    /**
     * One meter's part of the {@value QuotaGate#HEADER} header: {@code over; meter=spans; plan=free; limit=…;
     * used=…; …}; a request over two meters gets both, separated by a comma as in any HTTP list.
     */
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
                + "); nothing of this request was stored. Upgrade the plan to send more this month: the web UI's /w/"
                + workspaceSlug + "/billing, or POST /api/v1/workspaces/" + workspaceSlug + "/billing/plan (see "
                + UPGRADE_DOC + ")";
    }
}
