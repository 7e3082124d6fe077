package dev.tracehound.agent.session;

/** Where this module's Flyway migrations are, for whoever configures Flyway. */
public final class AgentSchema {

    public static final String MIGRATIONS = "classpath:db/migration/agent";

    private AgentSchema() {}
}
