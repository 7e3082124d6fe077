package dev.tracehound.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracehound.sandbox.SandboxException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ToolsTest {

    private static final ToolContext CONTEXT = ToolContext.withoutSandbox("p1");

    /** A tool whose run is given by the test. */
    private record FakeTool(String name, Duration timeout, Run body) implements Tool {

        interface Run {
            ToolResult run(JsonNode input, ToolContext context) throws InterruptedException;
        }

        @Override
        public String description() {
            return "a tool of the test";
        }

        @Override
        public String inputSchema() {
            return """
                    {"type": "object", "additionalProperties": false, "required": ["word"],
                     "properties": {
                       "word": {"type": "string", "minLength": 1},
                       "limit": {"type": "integer", "minimum": 1, "maximum": 10},
                       "mode": {"type": "string", "enum": ["fast", "slow"]}
                     }}""";
        }

        @Override
        public boolean needsApproval(JsonNode input) {
            return input.path("mode").asString("").equals("slow");
        }

        @Override
        public ToolResult run(JsonNode input, ToolContext context) throws InterruptedException {
            return body.run(input, context);
        }
    }

    private static Tools tools(Tool... tools) {
        return new Tools(List.of(tools), Tools.Settings.defaults());
    }

    private static FakeTool echo() {
        return new FakeTool("echo", Duration.ofSeconds(5), (input, context) -> {
            var data = Json.object().put("word", input.get("word").asString()).put("project", context.projectId());
            return new ToolResult(false, data, Json.compact(data), false, List.of());
        });
    }

    @Test
    void aValidCallRunsWithTheContextsProject() throws Exception {
        ToolResult result = tools(echo()).run("echo", "{\"word\": \"hi\"}", CONTEXT);

        assertThat(result.error()).isFalse();
        assertThat(result.data().get("word").asString()).isEqualTo("hi");
        assertThat(result.data().get("project").asString()).isEqualTo("p1");
        assertThat(result.content()).isEqualTo("{\"word\":\"hi\",\"project\":\"p1\"}");
    }

    @Test
    void nullPropertiesCountAsNotGiven() throws Exception {
        ToolResult result = tools(echo()).run("echo", "{\"word\": \"hi\", \"limit\": null, \"mode\": null}", CONTEXT);

        assertThat(result.error()).as(result.content()).isFalse();
        assertThat(tools(echo()).run("echo", "{\"word\": null}", CONTEXT).content()).contains("'word'");
    }

    @Test
    void aToolGivingNothingIsAnError() throws Exception {
        var silent = new FakeTool("silent", Duration.ofSeconds(5), (input, context) -> null);

        ToolResult result = tools(silent).run("silent", "{\"word\": \"w\"}", CONTEXT);

        assertThat(result.error()).isTrue();
        assertThat(result.content()).contains("silent gave no result");
    }

    @Test
    void anUnknownToolIsAnErrorListingTheTools() throws Exception {
        ToolResult result = tools(echo()).run("ecko", "{}", CONTEXT);

        assertThat(result.error()).isTrue();
        assertThat(result.content()).contains("no tool named 'ecko'").contains("the tools are echo");
    }

    @Test
    void malformedJsonIsAnErrorSayingSo() throws Exception {
        ToolResult result = tools(echo()).run("echo", "{\"word\": \"hi\"", CONTEXT);
        ToolResult trailing = tools(echo()).run("echo", "{\"word\": \"hi\"} {\"word\": \"again\"}", CONTEXT);

        assertThat(result.error()).isTrue();
        assertThat(result.content()).contains("not valid JSON");
        assertThat(trailing.error()).isTrue();
        assertThat(trailing.content()).contains("not valid JSON");
    }

    @Test
    void inputAgainstTheSchemaIsAnErrorNamingTheFieldAndWhatIsExpected() throws Exception {
        Tools tools = tools(echo());

        ToolResult missing = tools.run("echo", "{}", CONTEXT);
        ToolResult tooBig = tools.run("echo", "{\"word\": \"w\", \"limit\": 50}", CONTEXT);
        ToolResult wrongType = tools.run("echo", "{\"word\": 3}", CONTEXT);
        ToolResult unknown = tools.run("echo", "{\"word\": \"w\", \"project\": \"other\"}", CONTEXT);
        ToolResult notEnum = tools.run("echo", "{\"word\": \"w\", \"mode\": \"medium\"}", CONTEXT);
        ToolResult array = tools.run("echo", "[1]", CONTEXT);

        assertThat(List.of(missing, tooBig, wrongType, unknown, notEnum, array)).allMatch(ToolResult::error);
        assertThat(missing.content()).contains("invalid input for echo").contains("word");
        assertThat(tooBig.content()).contains("limit").contains("10");
        assertThat(wrongType.content()).contains("word").contains("string");
        assertThat(unknown.content()).contains("project");
        assertThat(notEnum.content()).contains("mode").contains("fast");
        assertThat(array.content()).contains("JSON object");
    }

    @Test
    void contentOverTheCapIsCutWithANoteSayingWhatWasCutAndHowToNarrow() throws Exception {
        var big = new FakeTool("big", Duration.ofSeconds(5), (input, context) ->
                new ToolResult(false, Json.object(), "x".repeat(5_000), false, List.of()));
        var tools = new Tools(List.of(big), Tools.Settings.defaults().withContentLimit(1_000));

        ToolResult result = tools.run("big", "{\"word\": \"w\"}", CONTEXT);

        assertThat(result.error()).isFalse();
        assertThat(result.truncated()).isTrue();
        assertThat(result.content().length()).isLessThanOrEqualTo(1_000);
        assertThat(result.content()).startsWith("xxx").contains("of 5000 characters").contains("Narrow the call");
    }

    @Test
    void aToolRunsOnTheCallersThreadWhichOwnsItsDeadline() throws Exception {
        var ranOn = new AtomicReference<Thread>();
        var tool = new FakeTool("where", Duration.ofMillis(1), (input, context) -> {
            ranOn.set(Thread.currentThread());
            Thread.sleep(50);
            return new ToolResult(false, Json.object(), "done", false, List.of());
        });

        ToolResult result = tools(tool).run("where", "{\"word\": \"w\"}", CONTEXT);

        // The timeout is the caller's to enforce (the agent loop does): Tools neither moves nor stops the call.
        assertThat(result.content()).isEqualTo("done");
        assertThat(ranOn.get()).isSameAs(Thread.currentThread());
    }

    @Test
    void interruptingTheCallerStopsTheToolAndPropagates() throws Exception {
        var started = new CountDownLatch(1);
        var stopped = new AtomicBoolean();
        var slow = new FakeTool("slow", Duration.ofMinutes(1), (input, context) -> {
            started.countDown();
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                stopped.set(true);
                throw e;
            }
            return ToolResult.error("not reached");
        });
        var tools = tools(slow);
        var thrown = new AtomicReference<Throwable>();
        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                tools.run("slow", "{\"word\": \"w\"}", CONTEXT);
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

        caller.interrupt();

        assertThat(caller.join(Duration.ofSeconds(5))).isTrue();
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        assertThat(stopped).isTrue();
    }

    @Test
    void exceptionsBecomeErrorResultsWithTheirMessage() throws Exception {
        Function<RuntimeException, FakeTool> throwing = e -> new FakeTool("boom", Duration.ofSeconds(5),
                (input, context) -> {
                    throw e;
                });

        ToolResult bad = tools(throwing.apply(new IllegalArgumentException("the time range is empty")))
                .run("boom", "{\"word\": \"w\"}", CONTEXT);
        ToolResult sandbox = tools(throwing.apply(new SandboxException(SandboxException.Reason.SANDBOX_GONE, "it died")))
                .run("boom", "{\"word\": \"w\"}", CONTEXT);
        ToolResult failure = tools(throwing.apply(new ToolFailure("no trace 00 in this project")))
                .run("boom", "{\"word\": \"w\"}", CONTEXT);
        ToolResult other = tools(throwing.apply(new IllegalStateException("odd")))
                .run("boom", "{\"word\": \"w\"}", CONTEXT);

        assertThat(bad.error()).isTrue();
        assertThat(bad.content()).contains("invalid input for boom: the time range is empty");
        assertThat(sandbox.content()).contains("sandbox").contains("sandbox_gone").contains("it died");
        assertThat(failure.content()).isEqualTo("Error: no trace 00 in this project");
        assertThat(other.content()).contains("boom failed: IllegalStateException: odd");
        assertThat(other.data().get("error").asString()).contains("odd");
    }

    @Test
    void approvalIsAskedOfTheToolForValidInputOnly() {
        Tools tools = tools(echo());

        assertThat(tools.needsApproval("echo", "{\"word\": \"w\", \"mode\": \"slow\"}")).isTrue();
        assertThat(tools.needsApproval("echo", "{\"word\": \"w\", \"mode\": \"fast\"}")).isFalse();
        assertThat(tools.needsApproval("echo", "{\"mode\": \"slow\"}")).isFalse();
        assertThat(tools.needsApproval("nope", "{}")).isFalse();
    }

    @Test
    void twoToolsOfOneNameOrABadSchemaAreRefused() {
        assertThatThrownBy(() -> tools(echo(), echo())).hasMessageContaining("two tools are named echo");
        Tool broken = new Tool() {
            public String name() { return "broken"; }
            public String description() { return ""; }
            public String inputSchema() { return "{\"type\": \"object\", \"properties\": "; }
            public Duration timeout() { return Duration.ofSeconds(1); }
            public boolean needsApproval(JsonNode input) { return false; }
            public ToolResult run(JsonNode input, ToolContext context) { return null; }
        };
        assertThatThrownBy(() -> tools(broken)).hasMessageContaining("input schema of broken");
    }
}
