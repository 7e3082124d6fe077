package dev.tracehound.ingest;

import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A project's own scrub rule, applied after the built-in ones: every match of {@code regex} becomes
 * {@code replacement}. The replacement is literal text ({@code $1} means a dollar and a one); to keep
 * context around a secret, match it with lookarounds, as in {@code (?<=password=)[^&\s]+}.
 *
 * @param name        what the rule is counted as; 1 to 64 letters, digits, '.', '_' or '-'
 * @param regex       a {@link java.util.regex.Pattern} regex; inline flags such as {@code (?i)} work
 * @param replacement what each match becomes; {@code [REDACTED:<name>]} when null
 */
public record ScrubRule(String name, String regex, String replacement) {

    private static final Pattern VALID_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public ScrubRule {
        Objects.requireNonNull(name, "a scrub rule needs a name");
        if (!VALID_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("scrub rule name '" + name
                    + "' must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        Objects.requireNonNull(regex, () -> "scrub rule '" + name + "' needs a regex");
        // Compiled here only to refuse a bad rule when the rules are built rather than on the first span.
        Pattern compiled = compile(name, regex);
        if (compiled.matcher("").matches()) {
            throw new IllegalArgumentException("scrub rule '" + name + "' has a regex that matches the empty string: "
                    + regex);
        }
        replacement = replacement == null ? "[REDACTED:" + name + "]" : replacement;
    }

    /** A rule whose matches become {@code [REDACTED:<name>]}. */
    public ScrubRule(String name, String regex) {
        this(name, regex, null);
    }

    Pattern pattern() {
        return compile(name, regex);
    }

    private static Pattern compile(String name, String regex) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("scrub rule '" + name + "' has an invalid regex " + regex + ": "
                    + e.getDescription() + (e.getIndex() >= 0 ? " near index " + e.getIndex() : ""), e);
        }
    }
}
