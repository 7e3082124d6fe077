package dev.tracehound.incidents;

/** Where this module's Flyway migrations are, for whoever configures Flyway. */
public final class IncidentsSchema {

    public static final String MIGRATIONS = "classpath:db/migration/incidents";

    private IncidentsSchema() {}
}
