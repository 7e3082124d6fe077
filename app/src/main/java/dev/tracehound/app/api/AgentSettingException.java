package dev.tracehound.app.api;

/** An agent setting that cannot work, named with its environment variable, e.g. an unknown model stack. */
public final class AgentSettingException extends RuntimeException {

    AgentSettingException(String message, Throwable cause) {
        super(message, cause);
    }
}
