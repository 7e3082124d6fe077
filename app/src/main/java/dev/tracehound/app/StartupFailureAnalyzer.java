package dev.tracehound.app;

import dev.tracehound.analytics.ClickHouseException;
import dev.tracehound.analytics.SchemaMigrationException;
import dev.tracehound.app.api.AgentSettingException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/** Turns a missing or broken real part at start-up into a short message with what to do. */
final class StartupFailureAnalyzer implements FailureAnalyzer {

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            switch (t) {
                case SchemaMigrationException e -> {
                    return new FailureAnalysis(e.getMessage(),
                            "Fix the migration file named above (or the server problem it reports) and start again.", e);
                }
                case ClickHouseException e -> {
                    return new FailureAnalysis(e.getMessage(),
                            "Start ClickHouse (./dev up does), or set CLICKHOUSE_URL to a server that answers.", e);
                }
                case RemovedSettingException e -> {
                    return new FailureAnalysis(e.getMessage(),
                            "Move the setting to the one named above (see the LLM prices docs) and start again.", e);
                }
                case PostgresUnavailableException e -> {
                    return new FailureAnalysis(e.getMessage(),
                            "Start PostgreSQL (./dev up does), or set DATABASE_URL (jdbc:postgresql://host:port/db), "
                                    + "DATABASE_USER and DATABASE_PASSWORD to a server that answers.", e);
                }
                case AgentSettingException e -> {
                    return new FailureAnalysis(e.getMessage(),
                            "Change the setting named above (or its environment variable), or unset it: with no model "
                                    + "settings the built-in offline investigator answers.", e);
                }
                default -> {}
            }
        }
        return null;
    }
}
