package dev.tracehound.agent.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracehound.fixtures.FakeModelServer.Reply;
import dev.tracehound.fixtures.FakeOpenAiServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.ai.anthropic.AnthropicChatModel;
import org.springframework.ai.ollama.OllamaChatModel;
import org.springframework.ai.openai.OpenAiChatModel;

import dev.langchain4j.model.anthropic.AnthropicStreamingChatModel;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;

import dev.tracehound.agent.model.ModelSettings.Provider;

class ModelProvidersTest {

    private final FakeOpenAiServer server = FakeOpenAiServer.start();

    @AfterEach
    void stopServer() {
        server.close();
    }

    private static ModelSettings settings(Provider provider, String baseUrl, String apiKey) {
        return new ModelSettings(provider, baseUrl, apiKey, "gpt-test", 64_000, Duration.ofSeconds(10), 0);
    }

    @Test
    void anOpenAiCompatibleAgentModelRunsAgainstTheConfiguredServer() throws Exception {
        server.enqueue(Reply.text("hello ", "there"));
        AgentModel model = ModelProviders.agentModel(settings(Provider.OPENAI, server.baseUrl(), "sk-local"));
        List<String> deltas = new ArrayList<>();

        ModelReply reply = model.reply(new ModelRequest(List.of(new ChatTurn.User("hi")), List.of(), 100), deltas::add);

        assertThat(model.name()).isEqualTo("gpt-test");
        assertThat(model.contextWindow()).isEqualTo(64_000);
        assertThat(reply.text()).isEqualTo("hello there");
        assertThat(deltas).containsExactly("hello ", "there");
        assertThat(server.lastRequest().model()).isEqualTo("gpt-test");
        assertThat(server.lastRequest().authorization()).isEqualTo("Bearer sk-local");
    }

    @Test
    void withoutAnApiKeyNoAuthorizationHeaderIsSent() throws Exception {
        server.enqueue(Reply.text("ok"));
        AgentModel model = ModelProviders.agentModel(settings(Provider.OPENAI, server.baseUrl(), " "));

        model.reply(new ModelRequest(List.of(new ChatTurn.User("hi")), List.of(), 100), delta -> {});

        assertThat(server.lastRequest().authorization()).isNull();
    }

    @Test
    void theProviderChoosesTheClientOfEachStack() {
        assertThat(ModelProviders.springAi(settings(Provider.OPENAI, server.baseUrl(), "k"))).isInstanceOf(OpenAiChatModel.class);
        assertThat(ModelProviders.springAi(settings(Provider.ANTHROPIC, "http://127.0.0.1:9", "k")))
                .isInstanceOf(AnthropicChatModel.class);
        assertThat(ModelProviders.springAi(settings(Provider.OLLAMA, "http://127.0.0.1:9", null)))
                .isInstanceOf(OllamaChatModel.class);
        assertThat(ModelProviders.langChain4j(settings(Provider.OPENAI, server.baseUrl(), "k")))
                .isInstanceOf(OpenAiStreamingChatModel.class);
        assertThat(ModelProviders.langChain4j(settings(Provider.ANTHROPIC, "http://127.0.0.1:9", "k")))
                .isInstanceOf(AnthropicStreamingChatModel.class);
        assertThat(ModelProviders.langChain4j(settings(Provider.OLLAMA, "http://127.0.0.1:9", null)))
                .isInstanceOf(OllamaStreamingChatModel.class);
    }

    @Test
    void anAnthropicModelCallsTheAnthropicApiAndReportsItsErrors() {
        // The fake server speaks only OpenAI's API: its 404 for /v1/messages shows the Anthropic client went there.
        String root = server.baseUrl().substring(0, server.baseUrl().length() - "/v1".length());
        AgentModel model = ModelProviders.agentModel(settings(Provider.ANTHROPIC, root, "sk-ant"));

        assertThatThrownBy(() -> model.reply(new ModelRequest(List.of(new ChatTurn.User("hi")), List.of(), 100), delta -> {}))
                .isInstanceOfSatisfying(ModelException.class, e -> {
                    assertThat(e.getMessage()).contains("404");
                    assertThat(e.retryable()).isFalse();
                });
    }

    @Test
    void anUnreachableServerIsARetryableModelException() {
        AgentModel model = ModelProviders.agentModel(settings(Provider.OPENAI, "http://127.0.0.1:9/v1", "k"));

        assertThatThrownBy(() -> model.reply(new ModelRequest(List.of(new ChatTurn.User("hi")), List.of(), 100), delta -> {}))
                .isInstanceOfSatisfying(ModelException.class, e -> assertThat(e.retryable()).isTrue());
    }

    @Test
    void providerNamesAreReadCaseInsensitivelyAndAnUnknownOneListsTheValidOnes() {
        assertThat(Provider.parse(" OpenAI ")).isEqualTo(Provider.OPENAI);
        assertThat(Provider.parse("anthropic")).isEqualTo(Provider.ANTHROPIC);
        assertThat(Provider.parse("Ollama")).isEqualTo(Provider.OLLAMA);
        assertThatThrownBy(() -> Provider.parse("olama"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown model provider 'olama': expected one of [openai, anthropic, ollama]");
        assertThatThrownBy(() -> Provider.parse("")).hasMessageContaining("a model provider is required");
    }

    @Test
    void stackNamesAreReadCaseInsensitivelyAndAnUnknownOneListsTheValidOnes() {
        assertThat(ModelStack.parse("spring-ai")).isEqualTo(ModelStack.SPRING_AI);
        assertThat(ModelStack.parse(" LangChain4j ")).isEqualTo(ModelStack.LANGCHAIN4J);
        assertThat(ModelStack.parse("SPRING_AI")).isEqualTo(ModelStack.SPRING_AI);
        assertThatThrownBy(() -> ModelStack.parse("langchain"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown model stack 'langchain': expected one of [spring-ai, langchain4j]");
    }

    @Test
    void eachProviderHasItsDefaultEndpointAndItsOwnFormOfBaseUrl() {
        assertThat(settings(Provider.OPENAI, null, null).endpoint()).isEqualTo("https://api.openai.com/v1");
        assertThat(settings(Provider.ANTHROPIC, null, null).endpoint()).isEqualTo("https://api.anthropic.com");
        assertThat(settings(Provider.OLLAMA, null, null).endpoint()).isEqualTo("http://localhost:11434");
        assertThat(settings(Provider.OPENAI, "http://vllm:8000/v1/", null).endpoint()).isEqualTo("http://vllm:8000/v1");
        assertThat(settings(Provider.ANTHROPIC, "https://proxy.example/v1", null).endpoint()).isEqualTo("https://proxy.example");
        // OLLAMA_HOST's forms: host, host:port, or a URL.
        assertThat(settings(Provider.OLLAMA, "127.0.0.1", null).endpoint()).isEqualTo("http://127.0.0.1:11434");
        assertThat(settings(Provider.OLLAMA, "gpu-box:11500", null).endpoint()).isEqualTo("http://gpu-box:11500");
        assertThat(settings(Provider.OLLAMA, "http://gpu-box:11434/v1", null).endpoint()).isEqualTo("http://gpu-box:11434");
        assertThat(settings(Provider.OLLAMA, "https://ollama.com", null).endpoint()).isEqualTo("https://ollama.com");
    }

    @Test
    void theDescriptionSaysWhatAnswersAndNeverTheKey() {
        var settings = new ModelSettings(Provider.OLLAMA, "127.0.0.1:11434", "secret-key", "llama3.1", 8_000,
                Duration.ofSeconds(5), 0);

        assertThat(ModelProviders.describe(ModelStack.LANGCHAIN4J, settings))
                .isEqualTo("model llama3.1 through ollama (langchain4j) at http://127.0.0.1:11434");
    }

    @Test
    void badSettingsAreRejectedWithTheReason() {
        assertThatThrownBy(() -> settings(Provider.OPENAI, "localhost:8080", "k"))
                .hasMessageContaining("http(s) URL");
        assertThatThrownBy(() -> new ModelSettings(Provider.OPENAI, null, null, " ", 1000, Duration.ofSeconds(1), 0))
                .hasMessageContaining("model name");
        assertThatThrownBy(() -> new ModelSettings(Provider.OPENAI, null, null, "m", 0, Duration.ofSeconds(1), 0))
                .hasMessageContaining("context window");
        assertThatThrownBy(() -> new ModelSettings(Provider.OPENAI, null, null, "m", 1000, Duration.ZERO, 0))
                .hasMessageContaining("timeout");
        assertThatThrownBy(() -> new ModelSettings(Provider.OPENAI, null, null, "m", 1000, Duration.ofSeconds(1), -1))
                .hasMessageContaining("retries");
    }

    @Test
    void theApiKeyStaysOutOfTheSettingsText() {
        assertThat(settings(Provider.OPENAI, null, "sk-secret").toString()).doesNotContain("sk-secret").contains("***");
    }
}
