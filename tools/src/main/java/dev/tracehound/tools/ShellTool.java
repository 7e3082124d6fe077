package dev.tracehound.tools;

import dev.tracehound.sandbox.Command;
import dev.tracehound.sandbox.CommandResult;
import dev.tracehound.sandbox.Sandbox;
import dev.tracehound.sandbox.SandboxSpec;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

final class ShellTool implements Tool {

    static final int DEFAULT_TIMEOUT_SECONDS = 30;
    /** Bytes kept of stdout and of stderr each; the content cap cuts further. */
    static final long OUTPUT_LIMIT = 256 * 1024;
    /** Time to start the sandbox and collect the output, beyond the command's own timeout. */
    private static final Duration OVERHEAD = Duration.ofSeconds(60);

    private final Duration maxTimeout;
    private final boolean alwaysNeedsApproval;

    ShellTool(Duration maxTimeout, boolean alwaysNeedsApproval) {
        this.maxTimeout = maxTimeout;
        this.alwaysNeedsApproval = alwaysNeedsApproval;
    }

    @Override
    public String name() {
        return "shell";
    }

    @Override
    public String description() {
        return """
                Run a bash command in this session's sandbox, an isolated Debian machine with git, python3 and \
                coreutils, in /workspace (where the git tool clones repositories). Use it to read or search code \
                (cat, grep -rn, find), or to compute something from files. The command is killed after \
                timeout_seconds (default %d, at most %d); output is cut at the limit, so filter it (head, grep, \
                wc). The sandbox has no network. A command that needs it sets 'network' to true: that needs a \
                person's approval, and it runs in a second sandbox of this session that has network access, \
                whose /workspace is separate (files and clones of the first sandbox are not there).
                Output: {"exit_code", "ending" (exited, timed_out, killed, out_of_memory), "stdout", "stderr", \
                "output_truncated", "took_ms"}."""
                .formatted(DEFAULT_TIMEOUT_SECONDS, maxTimeout.toSeconds());
    }

    @Override
    public String inputSchema() {
        return """
                {"type": "object", "additionalProperties": false, "required": ["command"],
                 "properties": {
                   "command": {"type": "string", "minLength": 1, "maxLength": 20000, "description": "A bash command or script, run in /workspace."},
                   "timeout_seconds": {"type": "integer", "minimum": 1, "maximum": %d, "description": "Kill the command after this long; default %d."},
                   "network": {"type": "boolean", "description": "The command needs the network (needs approval); default false."}
                 }}""".formatted(maxTimeout.toSeconds(), DEFAULT_TIMEOUT_SECONDS);
    }

    @Override
    public Duration timeout() {
        return maxTimeout.plus(OVERHEAD);
    }

    @Override
    public boolean needsApproval(JsonNode input) {
        return alwaysNeedsApproval || input.path("network").asBoolean(false);
    }

    @Override
    public ToolResult run(JsonNode input, ToolContext context) throws InterruptedException {
        Duration timeout = Duration.ofSeconds(Inputs.integer(input, "timeout_seconds", DEFAULT_TIMEOUT_SECONDS));
        boolean network = input.path("network").asBoolean(false);
        Sandbox sandbox = network ? context.networkedSandbox().get() : context.sandbox().get();
        if (network && sandbox.spec().network() == SandboxSpec.Network.NONE) {
            throw new ToolFailure("this session's sandbox has no network, so a command that needs it cannot run;"
                    + " work with what is in /workspace instead");
        }
        Command command = Command.argv("/bin/bash", "-c", input.get("command").asString())
                .in(SandboxSpec.WORKSPACE).withTimeout(timeout).withOutputLimit(OUTPUT_LIMIT);
        CommandResult result = SandboxCommands.run(sandbox, command);
        String ending = result.ending().name().toLowerCase(Locale.ROOT);
        ObjectNode data = Json.object()
                .put("exit_code", result.exitCode())
                .put("ending", ending)
                .put("stdout", result.stdoutText())
                .put("stderr", result.stderrText())
                .put("output_truncated", result.truncated())
                .put("took_ms", result.took().toMillis());
        String headline = switch (result.ending()) {
            case EXITED -> "exit code " + result.exitCode();
            case TIMED_OUT -> "the command passed its timeout of " + timeout.toSeconds()
                    + " s and was killed; give a longer timeout_seconds or a quicker command";
            case KILLED -> "the command was killed";
            case OUT_OF_MEMORY -> "the command ran out of the sandbox's memory and was killed";
        };
        var content = new StringBuilder(headline).append(" (").append(result.took().toMillis()).append(" ms)\n");
        if (result.stdout().length > 0) {
            content.append("--- stdout ---\n").append(result.stdoutText()).append('\n');
        }
        if (result.stderr().length > 0) {
            content.append("--- stderr ---\n").append(result.stderrText()).append('\n');
        }
        boolean failed = result.ending() != CommandResult.Ending.EXITED;
        return new ToolResult(failed, data, content.toString(), result.truncated(), List.of());
    }
}
