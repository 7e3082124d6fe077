package dev.tracehound.platform.identity;

import java.io.IOException;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Audit rows as RFC 4180 CSV (CRLF line ends, a header row, fields quoted where they need it).
 * A cell starting with {@code = + - @}, a tab or a carriage return gets a leading {@code '}, so
 * that a spreadsheet opening the export shows text a user typed (a user agent, a name) instead
 * of running it as a formula; no column the service writes itself starts that way.
 */
final class AuditCsv {

    static final String[] HEADER = {
        "id", "occurred_at", "workspace_id", "actor_kind", "actor_id", "action", "target_kind", "target_id",
        "summary", "ip", "user_agent"
    };

    private final CSVPrinter printer;

    private AuditCsv(CSVPrinter printer) {
        this.printer = printer;
    }

    /** Writes the header row. */
    static AuditCsv start(Appendable out) throws IOException {
        return new AuditCsv(CSVFormat.RFC4180.builder().setHeader(HEADER).get().print(out));
    }

    void write(AuditEntry entry) throws IOException {
        Actor actor = entry.actor();
        printer.printRecord(entry.id(), entry.occurredAt(), entry.workspaceId(),
                actor.kind().name().toLowerCase(Locale.ROOT), cell(actor.id()), entry.action().name(),
                cell(entry.targetKind()), cell(entry.targetId()), cell(entry.summary()), cell(actor.ip()),
                cell(actor.userAgent()));
    }

    void flush() throws IOException {
        printer.flush();
    }

    private static String cell(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            return "'" + text;
        }
        return text;
    }
}
