package dev.tracehound.ingest;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * What one project adds to the built-in PII scrub.
 *
 * @param replacements      applied in order, after the built-in rules; names must be unique and must not
 *                          reuse a built-in rule's name, so that every count means one rule
 * @param dropAttributeKeys attributes removed outright, matched ignoring case; a key ending in {@code *}
 *                          matches every key starting with what precedes it ({@code http.request.header.*})
 */
public record ScrubRules(List<ScrubRule> replacements, Set<String> dropAttributeKeys) {

    static final ScrubRules NONE = new ScrubRules(List.of(), Set.of());

    public ScrubRules {
        replacements = List.copyOf(replacements);
        dropAttributeKeys = Set.copyOf(dropAttributeKeys);
        var reserved = new HashSet<String>();
        for (PiiBuiltInRule rule : PiiBuiltInRule.values()) {
            reserved.add(rule.ruleName());
        }
        reserved.add(PiiScrubCounts.DROPPED_ATTRIBUTE);
        reserved.add(PiiScrubCounts.TRUNCATED);
        var seen = new HashSet<String>();
        for (ScrubRule rule : replacements) {
            String name = rule.name().toLowerCase(Locale.ROOT);
            if (reserved.contains(name)) {
                throw new IllegalArgumentException(
                        "scrub rule '" + rule.name() + "' reuses the name of a built-in rule");
            }
            if (!seen.add(name)) {
                throw new IllegalArgumentException("scrub rule '" + rule.name() + "' is named twice");
            }
        }
        for (String key : dropAttributeKeys) {
            Objects.requireNonNull(key, "a dropped attribute key cannot be null");
            int star = key.indexOf('*');
            if (key.isBlank() || key.equals("*") || (star >= 0 && star != key.length() - 1)) {
                throw new IllegalArgumentException("dropped attribute key '" + key
                        + "' must be a key, or a key prefix followed by a single trailing '*'");
            }
        }
    }

    public ScrubRules(List<ScrubRule> replacements) {
        this(replacements, Set.of());
    }
}
