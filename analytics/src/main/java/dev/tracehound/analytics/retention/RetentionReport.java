package dev.tracehound.analytics.retention;

import java.time.Duration;
import java.util.List;

/** What one retention run did, table by table. */
public record RetentionReport(List<TableRetention> tables, Duration took) {

    public RetentionReport {
        tables = List.copyOf(tables);
    }

    public int partitionsDropped() {
        return tables.stream().mapToInt(t -> t.partitionsDropped().size()).sum();
    }

    public int mutationsIssued() {
        return (int) tables.stream().filter(TableRetention::mutationIssued).count();
    }

    public long expiredRows() {
        return tables.stream().mapToLong(TableRetention::expiredRows).sum();
    }

    /** One line for the log: per table, partitions dropped, the mutation and the expired rows. */
    public String summary() {
        var out = new StringBuilder();
        for (TableRetention t : tables) {
            if (!out.isEmpty()) {
                out.append("; ");
            }
            out.append(t.table()).append(": ");
            if (t.expiredRows() == 0) {
                out.append("nothing expired");
                continue;
            }
            out.append(t.partitionsDropped().size()).append(" partition(s) dropped");
            if (t.mutationIssued()) {
                out.append(", deleting ").append(t.projectsDeleted()).append(" project(s)' rows");
            } else if (t.mutationDeferred()) {
                out.append(", deletion deferred (a mutation is still running)");
            }
            out.append(", ").append(t.expiredRows()).append(" expired row(s)");
        }
        return out.toString();
    }
}
