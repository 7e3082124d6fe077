package dev.tracehound.app;

import dev.tracehound.analytics.retention.Retention;
import dev.tracehound.analytics.retention.RetentionReport;
import dev.tracehound.analytics.retention.TableRetention;
import dev.tracehound.platform.Project;
import dev.tracehound.platform.ProjectDirectory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes telemetry past each project's retention, on a fixed delay: one run at a time, one log
 * line per run. A run that fails (ClickHouse or PostgreSQL down) is logged and the next one tries
 * again; what the failed run did before the failure stays done. Each run asks for every project's
 * retention afresh, so a shortened retention applies at the next run.
 *
 * <p>Before deleting anything a run counts every day it is about to delete into the usage ledger
 * ({@link UsageRollup#countBefore}), so billed usage never misses a day retention removed; if
 * counting fails, the run fails and deletes nothing.
 */
final class RetentionJob implements AutoCloseable {

    static final String PARTITIONS_DROPPED = "tracehound.retention.partitions.dropped";
    static final String MUTATIONS = "tracehound.retention.mutations";
    static final String RUNS = "tracehound.retention.runs";

    private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);

    private final Retention retention;
    private final ProjectDirectory projects;
    private final ProjectRetention projectRetention;
    private final UsageRollup usage;
    private final MeterRegistry meters;
    private final Clock clock;
    private final FixedDelaySchedule schedule;

    RetentionJob(Retention retention, ProjectDirectory projects, ProjectRetention projectRetention, UsageRollup usage,
            MeterRegistry meters, Clock clock, Duration interval) {
        this.retention = retention;
        this.projects = projects;
        this.projectRetention = projectRetention;
        this.usage = usage;
        this.meters = meters;
        this.clock = clock;
        this.schedule = new FixedDelaySchedule("retention", interval, meters, RUNS);
    }

    /** Runs first after {@code initialDelay}, then {@code interval} after each run ends; a failed run is logged. */
    void start(Duration initialDelay) {
        schedule.start(initialDelay, this::runOnce);
    }

    /**
     * One run over every project the directory lists; a run already going makes this a no-op.
     *
     * @return what the run did, or null when another run was going
     */
    RetentionReport runOnce() {
        return schedule.exclusively(() -> {
            Instant now = clock.instant();
            var retentionByProject = new LinkedHashMap<String, Duration>();
            for (Project project : projects.all()) {
                Duration kept = projectRetention.of(project);
                // Retention deletes the UTC days before the day of (now - retention); they are counted first.
                usage.countBefore(project, LocalDate.ofInstant(now.minus(kept), ZoneOffset.UTC));
                retentionByProject.put(project.id().toString(), kept);
            }
            RetentionReport report = retention.apply(retentionByProject, now, this::count);
            meters.counter(RUNS, "outcome", "ok").increment();
            log.info("retention: {} project(s), {} partition(s) dropped, {} mutation(s) issued, {} expired row(s), "
                    + "in {} ms ({}); {}", retentionByProject.size(), report.partitionsDropped(), report.mutationsIssued(),
                    report.expiredRows(), report.took().toMillis(), retentionSpread(retentionByProject), report.summary());
            return report;
        });
    }

    private void count(TableRetention table) {
        Counter.builder(PARTITIONS_DROPPED).description("Daily partitions dropped whole by the retention job")
                .tag("table", table.table()).register(meters).increment(table.partitionsDropped().size());
        if (table.mutationIssued()) {
            Counter.builder(MUTATIONS).description("Deletions by mutation the retention job asked ClickHouse for")
                    .tag("table", table.table()).register(meters).increment();
        }
    }

    /** The retentions in use, shortest to longest: "30 d" or "7-90 d". */
    private static String retentionSpread(Map<String, Duration> retentionByProject) {
        var days = retentionByProject.values().stream().mapToLong(Duration::toDays).summaryStatistics();
        if (days.getCount() == 0) {
            return "no projects";
        }
        return days.getMin() == days.getMax() ? days.getMin() + " d" : days.getMin() + "-" + days.getMax() + " d";
    }

    @Override
    public void close() {
        schedule.close();
    }
}
