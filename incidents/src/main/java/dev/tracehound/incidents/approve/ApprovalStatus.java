package dev.tracehound.incidents.approve;

import java.util.Locale;

/**
 * Where an approval request stands: {@code pending} until its tier's approvals are in
 * ({@code approved}), a person denies it, or its last deadline passes ({@code expired}); an approved
 * one is {@code executing} while its webhook is called, then {@code executed} (a 2xx answer) or
 * {@code failed}.
 */
public enum ApprovalStatus {
    PENDING, APPROVED, DENIED, EXPIRED, EXECUTING, EXECUTED, FAILED;

    /** Its name in the API and in PostgreSQL: lower case. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static ApprovalStatus fromWireName(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT));
    }
}
