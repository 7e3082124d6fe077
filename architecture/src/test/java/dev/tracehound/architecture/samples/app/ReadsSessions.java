package dev.tracehound.architecture.samples.app;

import org.springframework.jdbc.core.simple.JdbcClient;

/** app reading the agent runtime's table itself: not allowed. */
public class ReadsSessions {
    public static long sessions(JdbcClient jdbc) {
        return jdbc.sql("SELECT count(*) FROM agent_sessions").query(Long.class).single();
    }
}
