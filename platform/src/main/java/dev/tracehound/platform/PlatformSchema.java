package dev.tracehound.platform;

/** Where this module's Flyway migrations are, for whoever configures Flyway. */
public final class PlatformSchema {

    public static final String MIGRATIONS = "classpath:db/migration/platform";

    private PlatformSchema() {}
}
