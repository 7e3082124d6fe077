package dev.tracehound.app.api;

import static dev.tracehound.app.api.AgentProperties.present;

import dev.tracehound.agent.model.AgentModel;
import dev.tracehound.agent.model.ModelProviders;
import dev.tracehound.agent.model.ModelSettings;
import dev.tracehound.agent.model.ModelSettings.Provider;
import dev.tracehound.agent.model.ModelSettings.SettingNames;
import dev.tracehound.agent.model.ModelStack;
import dev.tracehound.agent.offline.OfflineInvestigator;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which model answers the agent, decided once at start-up from the settings a person sets: the
 * stack and a provider's typed settings, or the built-in offline investigator. Settings that
 * cannot work stop start-up with an {@link AgentSettingException} naming the setting.
 *
 * @param stack    the client library
 * @param settings how to reach the provider; empty when the offline investigator answers
 * @param inferred whether the provider was picked from the other settings rather than set
 */
record ModelChoice(ModelStack stack, Optional<ModelSettings> settings, boolean inferred) {

    static final String OFFLINE = "offline";
    static final String STACK = "tracehound.agent.stack (TRACEHOUND_AGENT_STACK)";
    static final String PROVIDER = "tracehound.agent.provider (TRACEHOUND_AGENT_PROVIDER)";
    static final String MODEL = "tracehound.agent.model (TRACEHOUND_AGENT_MODEL)";
    static final String OPENAI_BASE_URL = "tracehound.agent.base-url (OPENAI_BASE_URL)";
    static final String OPENAI_API_KEY = "tracehound.agent.api-key (OPENAI_API_KEY)";
    static final String ANTHROPIC_BASE_URL = "tracehound.agent.anthropic-base-url (ANTHROPIC_BASE_URL)";
    static final String ANTHROPIC_API_KEY = "tracehound.agent.anthropic-api-key (ANTHROPIC_API_KEY)";
    static final String OLLAMA_BASE_URL = "tracehound.agent.ollama-base-url (OLLAMA_BASE_URL or OLLAMA_HOST)";
    static final String OLLAMA_API_KEY = "tracehound.agent.ollama-api-key (OLLAMA_API_KEY)";

    /** How often a client retries a call that failed with 408, 429, 5xx or a broken connection. */
    private static final int CLIENT_RETRIES = 2;

    static ModelChoice of(AgentProperties properties) {
        ModelStack stack;
        try {
            stack = ModelStack.parse(properties.stack());
        } catch (IllegalArgumentException e) {
            throw new AgentSettingException(STACK + ": " + e.getMessage(), e);
        }
        String providerName = properties.resolvedProvider();
        boolean inferred = !present(properties.provider());
        if (providerName.equals(OFFLINE)) {
            return new ModelChoice(stack, Optional.empty(), inferred);
        }
        Provider provider;
        try {
            provider = Provider.parse(providerName);
        } catch (IllegalArgumentException e) {
            throw new AgentSettingException(PROVIDER + ": unknown model provider '" + providerName + "': expected one of "
                    + validProviders(), e);
        }
        Setting baseUrl = switch (provider) {
            case OPENAI -> new Setting(properties.baseUrl(), OPENAI_BASE_URL);
            case ANTHROPIC -> Setting.first(new Setting(properties.anthropicBaseUrl(), ANTHROPIC_BASE_URL),
                    new Setting(properties.baseUrl(), OPENAI_BASE_URL));
            case OLLAMA -> Setting.first(new Setting(properties.ollamaBaseUrl(), OLLAMA_BASE_URL),
                    new Setting(properties.baseUrl(), OPENAI_BASE_URL));
        };
        Setting apiKey = switch (provider) {
            case OPENAI -> new Setting(properties.apiKey(), OPENAI_API_KEY);
            case ANTHROPIC -> Setting.first(new Setting(properties.anthropicApiKey(), ANTHROPIC_API_KEY),
                    new Setting(properties.apiKey(), OPENAI_API_KEY));
            case OLLAMA -> Setting.first(new Setting(properties.ollamaApiKey(), OLLAMA_API_KEY),
                    new Setting(properties.apiKey(), OPENAI_API_KEY));
        };
        String model = present(properties.model()) ? properties.model().strip() : defaultModel(provider);
        var names = new SettingNames(baseUrl.name(), apiKey.name(), MODEL);
        try {
            return new ModelChoice(stack, Optional.of(new ModelSettings(provider, baseUrl.value(), apiKey.value(), model,
                    properties.contextWindow(), properties.requestTimeout(), CLIENT_RETRIES, names)), inferred);
        } catch (ModelSettings.InvalidSetting e) {
            throw refused(e, names);
        }
    }

    /** The model that answers: the stack's client for the provider, or the offline investigator. */
    AgentModel model() {
        if (settings.isEmpty()) {
            return new OfflineInvestigator();
        }
        try {
            return ModelProviders.agentModel(stack, settings.get());
        } catch (ModelSettings.InvalidSetting e) {
            throw refused(e, settings.get().names());
        }
    }

    private static AgentSettingException refused(ModelSettings.InvalidSetting e, SettingNames names) {
        String setting = switch (e.field()) {
            case BASE_URL -> names.baseUrl();
            case API_KEY -> names.apiKey();
            case MODEL -> names.model();
            case CONTEXT_WINDOW -> "tracehound.agent.context-window (TRACEHOUND_AGENT_CONTEXT_WINDOW)";
            case REQUEST_TIMEOUT -> "tracehound.agent.request-timeout";
            case MAX_RETRIES -> "the client's retries";
        };
        return new AgentSettingException(setting + ": " + e.getMessage(), e);
    }

    /** The model a provider gets when none is set. */
    static String defaultModel(Provider provider) {
        return switch (provider) {
            case OPENAI -> "gpt-4o-mini";
            case ANTHROPIC -> "claude-sonnet-4-5";
            case OLLAMA -> "llama3.1";
        };
    }

    static List<String> validProviders() {
        var names = new ArrayList<String>();
        names.add(OFFLINE);
        names.addAll(List.of(Provider.names()));
        return names;
    }

    /** The line start-up logs (and ./dev up repeats): what answers, where; never a key. */
    String description() {
        if (settings.isEmpty()) {
            return "the built-in offline investigator answers (" + (inferred
                    ? "no model provider is configured; set OPENAI_BASE_URL or OPENAI_API_KEY, ANTHROPIC_API_KEY, "
                            + "OLLAMA_BASE_URL, or TRACEHOUND_AGENT_PROVIDER to use one"
                    : "tracehound.agent.provider is offline") + ")";
        }
        return ModelProviders.describe(stack, settings.get());
    }

    /** A setting's value and its name; blank values count as unset. */
    private record Setting(String value, String name) {
        static Setting first(Setting preferred, Setting fallback) {
            return present(preferred.value()) || !present(fallback.value()) ? preferred : fallback;
        }
    }
}
