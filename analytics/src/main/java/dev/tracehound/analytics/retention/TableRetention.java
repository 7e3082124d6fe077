package dev.tracehound.analytics.retention;

import java.util.List;

/**
 * What one run did to one table.
 *
 * @param partitionsDropped the daily partitions dropped whole ({@code 20261205}), every project in them expired
 * @param projectsDeleted   projects whose expired rows the mutation deletes (0: no mutation)
 * @param mutationDeferred  expired rows remain because an earlier mutation of the table is still running;
 *                          the next run deletes them
 * @param expiredRows       rows past retention found: those of the dropped partitions and those the mutation deletes
 */
public record TableRetention(
        String table, List<String> partitionsDropped, int projectsDeleted, boolean mutationDeferred, long expiredRows) {

    public TableRetention {
        partitionsDropped = List.copyOf(partitionsDropped);
    }

    /** Whether this run asked ClickHouse to delete rows by mutation (it does so in the background). */
    public boolean mutationIssued() {
        return projectsDeleted > 0 && !mutationDeferred;
    }
}
