package dev.tracehound.analytics.retention;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What to do to one table, decided from the rows it has per day and project before the latest
 * cutoff: drop a day's partition when every project in it is past its retention for the whole
 * day, and delete the other expired (day, project) rows by one mutation. A project without a
 * retention (unknown here: deleted, or not listed by the caller) is never deleted and keeps its
 * days' partitions from being dropped.
 *
 * @param drops          the days whose partitions go whole
 * @param deletesByCutoff for the mutation: projects grouped by their cutoff; each loses its rows before it
 * @param expiredRows    rows in the dropped partitions plus rows the mutation deletes
 */
record RetentionPlan(List<LocalDate> drops, SortedMap<Instant, SortedSet<String>> deletesByCutoff, long expiredRows) {

    /** Rows of one table on one UTC day (one partition) of one project. */
    record DayRows(LocalDate day, String projectId, long rows) {}

    /**
     * Each project's cutoff: rows before it are past retention. Cut at a UTC midnight, so a row
     * goes once its whole day is older than the retention, and a table sees at most one mutation a
     * day however often the job runs.
     */
    static Map<String, Instant> cutoffs(Map<String, Duration> retentionByProject, Instant now) {
        var cutoffs = new TreeMap<String, Instant>();
        retentionByProject.forEach((project, retention) -> {
            if (retention.isNegative()) {
                throw new IllegalArgumentException("retention of project " + project + " is negative: " + retention);
            }
            cutoffs.put(project, now.minus(retention).truncatedTo(ChronoUnit.DAYS));
        });
        return cutoffs;
    }

    static RetentionPlan of(List<DayRows> rows, Map<String, Instant> cutoffs) {
        var byDay = new TreeMap<LocalDate, List<DayRows>>();
        rows.forEach(r -> byDay.computeIfAbsent(r.day(), d -> new ArrayList<>()).add(r));
        var drops = new ArrayList<LocalDate>();
        var deletes = new TreeMap<Instant, SortedSet<String>>();
        long expired = 0;
        for (var day : byDay.entrySet()) {
            Instant dayEnd = day.getKey().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            List<DayRows> expiredRows = day.getValue().stream()
                    .filter(r -> cutoffs.containsKey(r.projectId()) && !dayEnd.isAfter(cutoffs.get(r.projectId())))
                    .toList();
            expired += expiredRows.stream().mapToLong(DayRows::rows).sum();
            if (expiredRows.size() == day.getValue().size()) {
                drops.add(day.getKey());
            } else {
                expiredRows.forEach(r -> deletes.computeIfAbsent(cutoffs.get(r.projectId()), c -> new TreeSet<>())
                        .add(r.projectId()));
            }
        }
        return new RetentionPlan(List.copyOf(drops), deletes, expired);
    }

    int projectsToDelete() {
        return deletesByCutoff.values().stream().mapToInt(SortedSet::size).sum();
    }
}
