package dev.tracehound.app.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracehound.agent.model.ModelSettings;
import dev.tracehound.agent.model.ModelSettings.Provider;
import dev.tracehound.agent.model.ModelStack;
import dev.tracehound.agent.offline.OfflineInvestigator;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Which model answers, from the settings a user sets, bound as the application binds them. */
class AgentPropertiesTest {

    private static AgentProperties bind(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate("tracehound.agent",
                AgentProperties.class);
    }

    private static ModelChoice choose(Map<String, String> settings) {
        return ModelChoice.of(bind(settings));
    }

    private static ModelSettings settingsOf(Map<String, String> settings) {
        return choose(settings).settings().orElseThrow();
    }

    @Test
    void nothingConfiguredMeansTheOfflineInvestigator() {
        var properties = bind(Map.of());
        var choice = ModelChoice.of(properties);

        assertThat(properties.resolvedProvider()).isEqualTo("offline");
        assertThat(choice.settings()).isEmpty();
        assertThat(choice.stack()).isEqualTo(ModelStack.SPRING_AI);
        assertThat(choice.description()).startsWith("the built-in offline investigator answers")
                .contains("OPENAI_BASE_URL", "ANTHROPIC_API_KEY", "OLLAMA_BASE_URL");
        assertThat(properties.maxSteps()).isEqualTo(12);
        assertThat(properties.sandboxNetwork()).isTrue();
    }

    @Test
    void anOpenAiBaseUrlOrKeyPicksOpenAi() {
        assertThat(bind(Map.of("tracehound.agent.base-url", "http://localhost:11434/v1")).resolvedProvider())
                .isEqualTo("openai");
        assertThat(bind(Map.of("tracehound.agent.api-key", "sk-1")).resolvedProvider()).isEqualTo("openai");

        var settings = settingsOf(Map.of("tracehound.agent.base-url", "http://vllm:8000/v1", "tracehound.agent.api-key", "sk-1"));
        assertThat(settings.provider()).isEqualTo(Provider.OPENAI);
        assertThat(settings.endpoint()).isEqualTo("http://vllm:8000/v1");
        assertThat(settings.apiKey()).isEqualTo("sk-1");
        assertThat(settings.model()).isEqualTo("gpt-4o-mini");
        assertThat(settings.names()).isEqualTo(new ModelSettings.SettingNames("tracehound.agent.base-url (OPENAI_BASE_URL)",
                "tracehound.agent.api-key (OPENAI_API_KEY)", "tracehound.agent.model (TRACEHOUND_AGENT_MODEL)"));
    }

    @Test
    void anAnthropicKeyAlonePicksAnthropicWithThatKeyAndAClaudeModel() {
        var properties = bind(Map.of("tracehound.agent.anthropic-api-key", "sk-ant-1"));
        var settings = ModelChoice.of(properties).settings().orElseThrow();

        assertThat(properties.resolvedProvider()).isEqualTo("anthropic");
        assertThat(settings.apiKey()).isEqualTo("sk-ant-1");
        assertThat(settings.endpoint()).isEqualTo("https://api.anthropic.com");
        assertThat(settings.model()).isEqualTo("claude-sonnet-4-5");
        assertThat(settings.names().apiKey()).isEqualTo("tracehound.agent.anthropic-api-key (ANTHROPIC_API_KEY)");
        assertThat(settings.names().baseUrl()).isEqualTo("tracehound.agent.anthropic-base-url (ANTHROPIC_BASE_URL)");
    }

    @Test
    void anOllamaHostAlonePicksOllamaAtThatHost() {
        var properties = bind(Map.of("tracehound.agent.ollama-base-url", "127.0.0.1:11434"));
        var choice = ModelChoice.of(properties);

        assertThat(properties.resolvedProvider()).isEqualTo("ollama");
        assertThat(choice.settings().orElseThrow().apiKey()).isNull();
        assertThat(choice.description()).isEqualTo("model llama3.1 through ollama (spring-ai) at http://127.0.0.1:11434");
        assertThat(choice.settings().orElseThrow().names().baseUrl())
                .isEqualTo("tracehound.agent.ollama-base-url (OLLAMA_BASE_URL or OLLAMA_HOST)");
    }

    @Test
    void theStackAndTheProviderAreChosenBySettingAndTheStartUpLineSaysSo() {
        var choice = choose(Map.of("tracehound.agent.stack", "langchain4j", "tracehound.agent.provider", "ollama",
                "tracehound.agent.model", "qwen3"));

        assertThat(choice.stack()).isEqualTo(ModelStack.LANGCHAIN4J);
        assertThat(choice.description()).isEqualTo("model qwen3 through ollama (langchain4j) at http://localhost:11434");
    }

    @Test
    void anExplicitProviderWins() {
        var properties = bind(Map.of("tracehound.agent.provider", " Offline ", "tracehound.agent.api-key", "sk-1"));

        assertThat(properties.resolvedProvider()).isEqualTo("offline");
        assertThat(ModelChoice.of(properties).description())
                .isEqualTo("the built-in offline investigator answers (tracehound.agent.provider is offline)");
    }

    @Test
    void aProvidersOwnSettingsWinAndTheGenericOnesStandInWhenItsOwnAreBlank() {
        var own = settingsOf(Map.of("tracehound.agent.provider", "anthropic", "tracehound.agent.anthropic-api-key", "sk-ant",
                "tracehound.agent.api-key", "sk-generic"));
        var generic = settingsOf(Map.of("tracehound.agent.provider", "anthropic", "tracehound.agent.api-key", "sk-generic"));

        assertThat(own.apiKey()).isEqualTo("sk-ant");
        assertThat(generic.apiKey()).isEqualTo("sk-generic");
        assertThat(generic.names().apiKey()).isEqualTo("tracehound.agent.api-key (OPENAI_API_KEY)");
    }

    @Test
    void anUnknownStackOrProviderIsRefusedNamingTheSettingAndTheValidValues() {
        assertThatThrownBy(() -> choose(Map.of("tracehound.agent.stack", "spring")))
                .isInstanceOf(AgentSettingException.class)
                .hasMessage("tracehound.agent.stack (TRACEHOUND_AGENT_STACK): unknown model stack 'spring': "
                        + "expected one of [spring-ai, langchain4j]");
        assertThatThrownBy(() -> choose(Map.of("tracehound.agent.provider", "olama")))
                .isInstanceOf(AgentSettingException.class)
                .hasMessage("tracehound.agent.provider (TRACEHOUND_AGENT_PROVIDER): unknown model provider 'olama': "
                        + "expected one of [offline, openai, anthropic, ollama]");
    }

    @Test
    void aBaseUrlThatIsNotAUrlIsRefusedNamingItsSetting() {
        assertThatThrownBy(() -> choose(Map.of("tracehound.agent.base-url", "localhost:8000/v1")))
                .isInstanceOf(AgentSettingException.class)
                .hasMessageStartingWith("tracehound.agent.base-url (OPENAI_BASE_URL): model base URL must be an http(s) URL");
    }

    @Test
    void anAnthropicModelThroughLangChain4jWithoutAKeyIsRefusedNamingTheKeySetting() {
        var choice = choose(Map.of("tracehound.agent.stack", "langchain4j", "tracehound.agent.provider", "anthropic"));

        assertThatThrownBy(choice::model)
                .isInstanceOf(AgentSettingException.class)
                .hasMessage("tracehound.agent.anthropic-api-key (ANTHROPIC_API_KEY): the anthropic provider needs an API "
                        + "key through langchain4j");
    }

    @Test
    void theChosenStackBuildsTheModelUnderTheChosenName() {
        var model = choose(Map.of("tracehound.agent.stack", "langchain4j", "tracehound.agent.provider", "ollama",
                "tracehound.agent.model", "qwen3", "tracehound.agent.context-window", "32000")).model();

        assertThat(model.name()).isEqualTo("qwen3");
        assertThat(model.contextWindow()).isEqualTo(32_000);
        assertThat(choose(Map.of()).model()).isInstanceOf(OfflineInvestigator.class);
    }

    @Test
    void theStartUpLineNeverShowsTheKey() {
        var choice = choose(Map.of("tracehound.agent.api-key", "sk-very-secret", "tracehound.agent.base-url",
                "https://api.openai.com/v1"));

        assertThat(choice.description()).isEqualTo("model gpt-4o-mini through openai (spring-ai) at https://api.openai.com/v1")
                .doesNotContain("sk-very-secret");
    }
}
