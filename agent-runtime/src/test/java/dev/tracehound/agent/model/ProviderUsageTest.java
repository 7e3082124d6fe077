package dev.tracehound.agent.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.tracehound.agent.model.ModelSettings.Provider;
import dev.tracehound.fixtures.FakeAnthropicServer;
import dev.tracehound.fixtures.FakeModelServer;
import dev.tracehound.fixtures.FakeOllamaServer;
import dev.tracehound.fixtures.FakeOpenAiServer;
import dev.tracehound.platform.pricing.TokenCounts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each adapter reads the provider's cached and reasoning tokens where the provider reports them,
 * and hands them on in {@link TokenCounts}' one convention, through the real clients of both
 * stacks against the fake servers: OpenAI's {@code prompt_tokens_details.cached_tokens} and
 * {@code completion_tokens_details.reasoning_tokens} are parts of its totals; Anthropic's
 * {@code cache_read_input_tokens} and {@code cache_creation_input_tokens} are not, and are added
 * to its input; Ollama reports neither.
 */
class ProviderUsageTest {

    private static final String MODEL = "fake-model";
    private static final ModelRequest QUESTION = new ModelRequest(
            List.of(new ChatTurn.System("You investigate."), new ChatTurn.User("Why is checkout slow?")), List.of(), 1000);

    // OpenAI: 1,000 prompt tokens, 400 of them cached; 300 completion tokens, 100 of them reasoning.
    private static final TokenCounts OPENAI_COUNTS = new TokenCounts(1_000, 300, 400, 0, 100);
    // Anthropic: input_tokens 600 besides 300 read from the cache and 100 written to it; 300 output.
    private static final TokenCounts ANTHROPIC_COUNTS = new TokenCounts(1_000, 300, 300, 100, 0);

    private final List<AutoCloseable> servers = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable server : servers) {
            server.close();
        }
    }

    static Stream<Arguments> streamedPaths() {
        return Stream.of(ModelStack.values())
                .flatMap(stack -> Stream.of(Provider.values()).map(provider -> Arguments.of(stack, provider)));
    }

    @ParameterizedTest(name = "{0} × {1}")
    @MethodSource("streamedPaths")
    void aStreamedReplyCarriesTheProvidersCacheAndReasoningCounts(ModelStack stack, Provider provider) throws Exception {
        String baseUrl = switch (provider) {
            case OPENAI -> openAi().baseUrl();
            case ANTHROPIC -> anthropic().root();
            case OLLAMA -> ollama().root();
        };
        AgentModel model = ModelProviders.agentModel(stack, new ModelSettings(provider, baseUrl, "test-key", MODEL,
                128_000, Duration.ofSeconds(20), 0));

        ModelReply reply = model.reply(QUESTION, text -> { });

        assertThat(reply.text()).isEqualTo("Slow since the deploy.");
        assertThat(reply.usage()).contains(switch (provider) {
            case OPENAI -> OPENAI_COUNTS;
            case ANTHROPIC -> ANTHROPIC_COUNTS;
            case OLLAMA -> TokenCounts.of(1_000, 300);
        });
    }

    @Test
    void springAiBlockingCallsCarryThemToo() throws Exception {
        var openAi = SpringAiModel.blocking(ModelProviders.springAi(new ModelSettings(Provider.OPENAI, openAi().baseUrl(),
                "test-key", MODEL, 128_000, Duration.ofSeconds(20), 0)), MODEL, 128_000);
        var anthropic = SpringAiModel.blocking(ModelProviders.springAi(new ModelSettings(Provider.ANTHROPIC,
                anthropic().root(), "test-key", MODEL, 128_000, Duration.ofSeconds(20), 0)), MODEL, 128_000);

        assertThat(openAi.reply(QUESTION, text -> { }).usage()).contains(OPENAI_COUNTS);
        assertThat(anthropic.reply(QUESTION, text -> { }).usage()).contains(ANTHROPIC_COUNTS);
    }

    @Test
    void langChain4jBlockingCallsCarryThemToo() throws Exception {
        var openAi = LangChain4jModel.blocking(OpenAiChatModel.builder().baseUrl(openAi().baseUrl()).apiKey("test-key")
                .modelName(MODEL).timeout(Duration.ofSeconds(20)).maxRetries(0).build(), MODEL, 128_000);
        var anthropic = LangChain4jModel.blocking(AnthropicChatModel.builder().baseUrl(anthropic().root() + "/v1/")
                .apiKey("test-key").modelName(MODEL).timeout(Duration.ofSeconds(20)).maxRetries(0).build(), MODEL, 128_000);

        assertThat(openAi.reply(QUESTION, text -> { }).usage()).contains(OPENAI_COUNTS);
        assertThat(anthropic.reply(QUESTION, text -> { }).usage()).contains(ANTHROPIC_COUNTS);
    }

    @Test
    void withoutCacheOrReasoningCountsTheTotalsAreTakenAsTheyAre() throws Exception {
        FakeOpenAiServer openAi = FakeOpenAiServer.start();
        servers.add(openAi);
        openAi.otherwise(request -> FakeOpenAiServer.Reply.text("Fine.").withUsage(120, 9));
        FakeAnthropicServer anthropic = FakeAnthropicServer.start();
        servers.add(anthropic);
        anthropic.otherwise(request -> FakeModelServer.Reply.text("Fine.").withUsage(120, 9));
        var paths = List.of(
                new ModelSettings(Provider.OPENAI, openAi.baseUrl(), "k", MODEL, 128_000, Duration.ofSeconds(20), 0),
                new ModelSettings(Provider.ANTHROPIC, anthropic.root(), "k", MODEL, 128_000, Duration.ofSeconds(20), 0));

        for (ModelStack stack : ModelStack.values()) {
            for (ModelSettings settings : paths) {
                assertThat(ModelProviders.agentModel(stack, settings).reply(QUESTION, text -> { }).usage())
                        .as("%s × %s", stack, settings.provider()).contains(TokenCounts.of(120, 9));
            }
        }
    }

    // ---- fake servers scripted with the counts above

    private FakeOpenAiServer openAi() {
        FakeOpenAiServer server = FakeOpenAiServer.start();
        servers.add(server);
        server.otherwise(request -> FakeOpenAiServer.Reply.text("Slow since ", "the deploy.").withUsage(1_000, 300, 400, 100));
        return server;
    }

    private FakeAnthropicServer anthropic() {
        FakeAnthropicServer server = FakeAnthropicServer.start();
        servers.add(server);
        server.otherwise(request -> FakeModelServer.Reply.text("Slow since ", "the deploy.").withUsage(600, 300)
                .withCache(300, 100));
        return server;
    }

    private FakeOllamaServer ollama() {
        FakeOllamaServer server = FakeOllamaServer.start();
        servers.add(server);
        server.otherwise(request -> FakeModelServer.Reply.text("Slow since ", "the deploy.").withUsage(1_000, 300));
        return server;
    }
}
