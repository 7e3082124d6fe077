package dev.tracehound.agent.model;

import java.util.Arrays;
import java.util.Locale;

/** The client library that talks to the model provider. Both speak every {@link ModelSettings.Provider}. */
public enum ModelStack {
    SPRING_AI("spring-ai"),
    LANGCHAIN4J("langchain4j");

    private final String label;

    ModelStack(String label) {
        this.label = label;
    }

    /** The stack's name as settings spell it, e.g. {@code spring-ai}. */
    public String label() {
        return label;
    }

    /** Reads a stack name such as {@code spring-ai} or {@code LangChain4j}, case-insensitively. */
    public static ModelStack parse(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a model stack is required: one of " + Arrays.toString(names()));
        }
        String wanted = name.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        for (ModelStack stack : values()) {
            if (stack.label.equals(wanted)) {
                return stack;
            }
        }
        throw new IllegalArgumentException("unknown model stack '" + name.strip() + "': expected one of "
                + Arrays.toString(names()));
    }

    /** Every stack's label: {@code [spring-ai, langchain4j]}. */
    public static String[] names() {
        return Arrays.stream(values()).map(ModelStack::label).toArray(String[]::new);
    }
}
