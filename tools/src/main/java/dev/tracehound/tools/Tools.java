package dev.tracehound.tools;

import dev.tracehound.analytics.ClickHouseException;
import dev.tracehound.analytics.query.QueryTooBroadException;
import dev.tracehound.analytics.query.TelemetryQueries;
import dev.tracehound.sandbox.SandboxException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The agent's tools by name, and the one way to call them: parse the model's arguments,
 * validate them against the tool's schema, run the tool, cap what the model sees, and give back
 * every failure as an error result the model can act on. Only an interrupt of the calling
 * thread leaves as an exception.
 *
 * <p>The tool runs on the caller's thread. The caller owns that thread and its deadline
 * ({@link Tool#timeout()}): the agent loop runs each call on a thread of its own and interrupts
 * it when the call runs out of time or the run is cancelled, which stops what the tool started
 * (a query, a sandbox command).
 */
public final class Tools {

    private static final Logger log = LoggerFactory.getLogger(Tools.class);

    private final Map<String, Tool> byName = new LinkedHashMap<>();
    private final Map<String, InputValidator> validators = new LinkedHashMap<>();
    private final Settings settings;

    /**
     * @param contentLimit            most characters of a result's content the model sees
     * @param maxShellTimeout         the longest timeout a shell command may ask for
     * @param shellAlwaysNeedsApproval whether every shell call needs approval (not only those asking for the network)
     * @param clock                   "now", for relative time ranges such as {@code last: "1h"}
     */
    public record Settings(int contentLimit, Duration maxShellTimeout, boolean shellAlwaysNeedsApproval, Clock clock) {

        static final int DEFAULT_CONTENT_LIMIT = 16_000;

        public Settings {
            if (contentLimit < 500) {
                throw new IllegalArgumentException("contentLimit must be at least 500 characters, was " + contentLimit);
            }
            if (maxShellTimeout == null || maxShellTimeout.isNegative() || maxShellTimeout.isZero()) {
                throw new IllegalArgumentException("maxShellTimeout must be positive, was " + maxShellTimeout);
            }
            clock = clock == null ? Clock.systemUTC() : clock;
        }

        /** 16,000 characters, shell commands up to 5 minutes, approval only for network. */
        public static Settings defaults() {
            return new Settings(DEFAULT_CONTENT_LIMIT, Duration.ofMinutes(5), false, Clock.systemUTC());
        }

        Settings withContentLimit(int value) {
            return new Settings(value, maxShellTimeout, shellAlwaysNeedsApproval, clock);
        }

        public Settings withClock(Clock value) {
            return new Settings(contentLimit, maxShellTimeout, shellAlwaysNeedsApproval, value);
        }

        Settings withMaxShellTimeout(Duration value) {
            return new Settings(contentLimit, value, shellAlwaysNeedsApproval, clock);
        }

        Settings withShellAlwaysNeedingApproval(boolean value) {
            return new Settings(contentLimit, maxShellTimeout, value, clock);
        }
    }

    public Tools(List<Tool> tools, Settings settings) {
        this.settings = settings;
        for (Tool tool : tools) {
            if (byName.putIfAbsent(tool.name(), tool) != null) {
                throw new IllegalArgumentException("two tools are named " + tool.name());
            }
            validators.put(tool.name(), new InputValidator(tool.name(), tool.inputSchema()));
        }
    }

    /**
     * Every tool of the product: the analytics tools over {@code queries} (the service's one
     * set, held to the read limits of queries users shape), git and shell.
     */
    public static Tools standard(TelemetryQueries queries, Settings settings) {
        var all = new ArrayList<Tool>(new AnalyticsTools(queries, settings.clock()).all());
        all.add(new GitTool());
        all.add(new ShellTool(settings.maxShellTimeout(), settings.shellAlwaysNeedsApproval()));
        return new Tools(all, settings);
    }

    public List<Tool> list() {
        return List.copyOf(byName.values());
    }

    public Optional<Tool> find(String name) {
        return Optional.ofNullable(name == null ? null : byName.get(name));
    }

    /**
     * Whether the call needs a person's approval; false for calls that will fail validation
     * (they run nothing).
     */
    public boolean needsApproval(String name, String argumentsJson) {
        Tool tool = byName.get(name);
        if (tool == null) {
            return false;
        }
        try {
            JsonNode input = withoutNulls(Json.parse(argumentsJson == null || argumentsJson.isBlank() ? "{}" : argumentsJson));
            return validators.get(name).problems(input).isEmpty() && tool.needsApproval(input);
        } catch (JacksonException e) {
            return false;
        }
    }

    /**
     * Runs a tool for the context's project, on this thread.
     *
     * @throws InterruptedException when the calling thread was interrupted (the run was
     *                              cancelled, or the call ran out of time); the tool's work is
     *                              stopped before this returns
     */
    public ToolResult run(String name, String argumentsJson, ToolContext context) throws InterruptedException {
        Tool tool = byName.get(name);
        if (tool == null) {
            return ToolResult.error("there is no tool named '" + name + "'; the tools are "
                    + String.join(", ", byName.keySet()));
        }
        JsonNode input;
        try {
            input = Json.parse(argumentsJson == null || argumentsJson.isBlank() ? "{}" : argumentsJson);
        } catch (JacksonException e) {
            return ToolResult.error("the arguments of " + name + " are not valid JSON (" + Json.firstLine(e)
                    + "); send one JSON object matching the tool's input schema");
        }
        input = withoutNulls(input);
        List<String> problems = validators.get(name).problems(input);
        if (!problems.isEmpty()) {
            return ToolResult.error("invalid input for " + name + ": " + String.join("; ", problems)
                    + ". Fix these fields and call again.");
        }
        return cap(call(tool, input, context));
    }

    private static ToolResult call(Tool tool, JsonNode input, ToolContext context) throws InterruptedException {
        try {
            ToolResult result = tool.run(input, context);
            return result == null ? ToolResult.error(tool.name() + " gave no result") : result;
        } catch (InterruptedException e) {
            throw e;
        } catch (Throwable e) {
            // A tool that was stopped may fail in its own way (a query "interrupted", a closed socket): it was stopped.
            if (Thread.interrupted()) {
                var stopped = new InterruptedException(tool.name() + " was stopped");
                stopped.initCause(e);
                throw stopped;
            }
            return failure(tool, e);
        }
    }

    /**
     * The input without properties whose value is null: models that must send every property
     * (strict function calling) send null for those they do not mean, which counts as not given.
     */
    private static JsonNode withoutNulls(JsonNode input) {
        if (input instanceof tools.jackson.databind.node.ObjectNode object) {
            var copy = Json.object();
            object.properties().forEach(e -> {
                if (!e.getValue().isNull()) {
                    copy.set(e.getKey(), withoutNulls(e.getValue()));
                }
            });
            return copy;
        }
        if (input instanceof tools.jackson.databind.node.ArrayNode array) {
            var copy = Json.array();
            array.forEach(item -> copy.add(withoutNulls(item)));
            return copy;
        }
        return input;
    }

    private static ToolResult failure(Tool tool, Throwable e) {
        return switch (e) {
            case QueryTooBroadException broad -> ToolResult.error("the query is too broad: " + broad.getMessage());
            case ToolFailure failure -> ToolResult.error(failure.getMessage());
            case IllegalArgumentException bad -> ToolResult.error("invalid input for " + tool.name() + ": "
                    + bad.getMessage());
            case ClickHouseException query -> {
                log.warn("{} failed on ClickHouse", tool.name(), query);
                yield ToolResult.error("the query failed in the database: " + query.getMessage());
            }
            case SandboxException sandbox -> ToolResult.error("the sandbox could not do it ("
                    + sandbox.reason().name().toLowerCase(java.util.Locale.ROOT) + "): " + sandbox.getMessage());
            default -> {
                log.warn("{} failed", tool.name(), e);
                yield ToolResult.error(tool.name() + " failed: " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            }
        };
    }

    private ToolResult cap(ToolResult result) {
        int limit = settings.contentLimit();
        String content = result.content();
        if (content.length() <= limit) {
            return result;
        }
        String note = ToolResult.CUT_NOTE_PREFIX + " showing %d of " + content.length() + " characters. Narrow the call to see the"
                + " rest: a shorter time range, more filters or a smaller limit; for commands, pipe through head,"
                + " tail or grep.]";
        int keep = Math.max(0, limit - note.length() - 10);
        return result.withContent(content.substring(0, keep) + note.formatted(keep), true);
    }
}
