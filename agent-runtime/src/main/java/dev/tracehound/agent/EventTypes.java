package dev.tracehound.agent;

/** The types of a session's events, as the SSE stream names them. */
public final class EventTypes {

    /** Text the model wrote, as it streams: {@code {"text"}}. */
    public static final String MESSAGE_DELTA = "message.delta";
    /** {@code {"call_id","tool","arguments"}}. */
    public static final String TOOL_STARTED = "tool.started";
    /** {@code {"call_id","tool","error","truncated","duration_ms","content","references"}}. */
    public static final String TOOL_FINISHED = "tool.finished";
    /** A call waits for a person: {@code {"call_id","tool","arguments"}}. */
    public static final String APPROVAL_REQUIRED = "approval.required";
    /**
     * The text streamed since the step began is void: the model call that wrote it failed
     * (and is retried, or the run ends with an error). {@code {"reason"}}.
     */
    public static final String MESSAGE_RESET = "message.reset";
    /** One model call's tokens and cost, and the run's and session's totals so far. */
    public static final String USAGE = "usage";
    /** Older turns were shortened or dropped to fit the model's context window. */
    public static final String CONTEXT_TRIMMED = "context.trimmed";
    /** The model's whole answer: {@code {"text"}}. */
    public static final String MESSAGE_COMPLETED = "message.completed";
    /** Why a run stopped early: {@code {"code","message"}}. */
    public static final String ERROR = "error";
    /** The end of a run: {@code {"reason"}}, one of {@link DoneReason}. */
    public static final String DONE = "done";

    /** How a run ended. */
    public enum DoneReason {
        COMPLETED, AWAITING_APPROVAL, CANCELLED, LIMIT, BUDGET, ERROR;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private EventTypes() {}
}
