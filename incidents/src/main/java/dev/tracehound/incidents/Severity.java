package dev.tracehound.incidents;

import java.util.Arrays;
import java.util.Locale;

/** How bad an alert is, lowest first; an incident has its worst alert's. */
public enum Severity {
    LOW, MEDIUM, HIGH, CRITICAL;

    /** Its name in the API and in PostgreSQL: lower case. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean atLeast(Severity other) {
        return compareTo(other) >= 0;
    }

    /** @throws IllegalArgumentException naming the accepted values */
    public static Severity parse(String text) {
        String name = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown severity '" + text + "': expected one of "
                        + Arrays.stream(values()).map(Severity::wireName).toList()));
    }
}
