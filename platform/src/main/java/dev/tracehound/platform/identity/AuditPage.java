package dev.tracehound.platform.identity;

import java.util.List;

/** One page of audit rows, newest first; {@code nextCursor} asks for the next page, null on the last one. */
public record AuditPage(List<AuditEntry> entries, String nextCursor) {

    public AuditPage {
        entries = List.copyOf(entries);
    }
}
