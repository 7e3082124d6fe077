package dev.tracehound.app.api;

import static org.assertj.core.api.Assertions.assertThat;

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

    @Test
    void nothingConfiguredMeansTheOfflineInvestigator() {
        var properties = bind(Map.of());

        assertThat(properties.resolvedProvider()).isEqualTo("offline");
        assertThat(properties.model()).isEqualTo("gpt-4o-mini");
        assertThat(properties.maxSteps()).isEqualTo(12);
        assertThat(properties.sandboxNetwork()).isTrue();
    }

    @Test
    void anOpenAiBaseUrlOrKeyPicksOpenAi() {
        assertThat(bind(Map.of("tracehound.agent.base-url", "http://localhost:11434/v1")).resolvedProvider())
                .isEqualTo("openai");
        assertThat(bind(Map.of("tracehound.agent.api-key", "sk-1")).resolvedProvider()).isEqualTo("openai");
    }

    @Test
    void anAnthropicKeyAlonePicksAnthropicWithThatKey() {
        var properties = bind(Map.of("tracehound.agent.anthropic-api-key", "sk-ant-1"));

        assertThat(properties.resolvedProvider()).isEqualTo("anthropic");
        assertThat(properties.resolvedApiKey()).isEqualTo("sk-ant-1");
    }

    @Test
    void anExplicitProviderWins() {
        var properties = bind(Map.of("tracehound.agent.provider", " Offline ", "tracehound.agent.api-key", "sk-1"));

        assertThat(properties.resolvedProvider()).isEqualTo("offline");
    }
}
