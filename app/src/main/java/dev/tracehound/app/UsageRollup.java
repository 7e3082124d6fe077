package dev.tracehound.app;

import dev.tracehound.analytics.usage.StoredCounts;
import dev.tracehound.analytics.usage.StoredCounts.StoredDay;
import dev.tracehound.platform.Project;
import dev.tracehound.platform.usage.DailyCount;
import dev.tracehound.platform.usage.UsageLedger;
import dev.tracehound.platform.usage.UsageMeter;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Counts what projects have stored per UTC day (analytics) into the usage ledger (platform). The
 * ledger keeps the larger of a day's stored and counted quantity, so counting a day again, or on
 * two instances at once, gives the same numbers, and a day whose rows retention deleted keeps
 * what it was counted at.
 */
final class UsageRollup {

    /** The days before a project's first count: everything it ever stored. */
    static final LocalDate BEGINNING = LocalDate.EPOCH;

    private final StoredCounts stored;
    private final UsageLedger ledger;

    UsageRollup(StoredCounts stored, UsageLedger ledger) {
        this.stored = stored;
        this.ledger = ledger;
    }

    /** What a roll-up counted: rows per meter, and their bytes, over the (project, day) pairs that had any. */
    record Counted(int projects, int days, long spans, long logRecords, long metricPoints, long ingestedBytes) {

        static final Counted NOTHING = new Counted(0, 0, 0, 0, 0, 0);

        Counted plus(Counted other) {
            return new Counted(projects + other.projects, days + other.days, spans + other.spans,
                    logRecords + other.logRecords, metricPoints + other.metricPoints,
                    ingestedBytes + other.ingestedBytes);
        }
    }

    /** Counts the project's days from {@code from} up to but not including {@code toExclusive}. */
    Counted count(Project project, LocalDate from, LocalDate toExclusive) {
        List<StoredDay> days = stored.perDay(project.id().toString(), from, toExclusive);
        var counts = new ArrayList<DailyCount>();
        long spans = 0;
        long logs = 0;
        long points = 0;
        long bytes = 0;
        for (StoredDay day : days) {
            add(counts, project, day.day(), UsageMeter.SPANS, day.spans());
            add(counts, project, day.day(), UsageMeter.LOG_RECORDS, day.logRecords());
            add(counts, project, day.day(), UsageMeter.METRIC_POINTS, day.metricPoints());
            add(counts, project, day.day(), UsageMeter.INGESTED_BYTES, day.ingestedBytes());
            spans += day.spans();
            logs += day.logRecords();
            points += day.metricPoints();
            bytes += day.ingestedBytes();
        }
        ledger.record(counts);
        return new Counted(1, days.size(), spans, logs, points, bytes);
    }

    /** Today and yesterday (UTC) of every project: what the job counts every few minutes. */
    Counted countRecent(List<Project> projects, LocalDate today) {
        Counted total = Counted.NOTHING;
        for (Project project : projects) {
            total = total.plus(count(project, today.minusDays(1), today.plusDays(1)));
        }
        return total;
    }

    /**
     * The days each project stored since its last counted day (that day included, as it may have
     * grown after it was counted), or since its first row when it was never counted: what start-up
     * counts, after the service was down.
     */
    Counted catchUp(List<Project> projects, LocalDate today) {
        Counted total = Counted.NOTHING;
        for (Project project : projects) {
            LocalDate from = ledger.lastCountedDay(project.id()).orElse(BEGINNING);
            total = total.plus(count(project, from, today.plusDays(1)));
        }
        return total;
    }

    /** Every day of the project before {@code cutoff}: what retention is about to delete. */
    Counted countBefore(Project project, LocalDate cutoff) {
        return count(project, BEGINNING, cutoff);
    }

    private static void add(List<DailyCount> counts, Project project, LocalDate day, UsageMeter meter, long quantity) {
        if (quantity > 0) {
            counts.add(new DailyCount(project.id(), project.workspaceId(), day, meter, quantity));
        }
    }
}
