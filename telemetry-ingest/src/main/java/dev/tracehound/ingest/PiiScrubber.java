package dev.tracehound.ingest;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Takes PII and credentials out of telemetry before it is stored: the built-in rules (emails, card
 * numbers, bearer tokens, cloud and SaaS keys, private keys, JWTs, URL passwords), each match becoming
 * {@code [REDACTED:<rule>]}, then the project's own {@link ScrubRules}. Immutable and shared by all
 * request threads; build one per project configuration.
 *
 * <p>Values longer than {@link #SCAN_LIMIT_CHARS} are cut there before scanning, with a note of how much
 * was dropped, since storing text that was never scanned would defeat the scrub.
 */
public final class PiiScrubber {

    /** 64 Ki chars: far above any sane attribute and most log bodies, and a bound on the cost of one value. */
    static final int SCAN_LIMIT_CHARS = 64 * 1024;

    private static final PiiBuiltInRule[] BUILT_IN_RULES = PiiBuiltInRule.values();
    private static final PiiScrubber BUILT_INS_ONLY = new PiiScrubber(ScrubRules.NONE);

    private final PiiProjectRule[] projectRules;
    private final Set<String> droppedKeys;
    private final String[] droppedKeyPrefixes;

    public PiiScrubber(ScrubRules rules) {
        this.projectRules = rules.replacements().stream().map(PiiProjectRule::new).toArray(PiiProjectRule[]::new);
        var exact = new HashSet<String>();
        var prefixes = new ArrayList<String>();
        for (String key : rules.dropAttributeKeys()) {
            String lower = key.toLowerCase(Locale.ROOT);
            if (lower.endsWith("*")) {
                prefixes.add(lower.substring(0, lower.length() - 1));
            } else {
                exact.add(lower);
            }
        }
        this.droppedKeys = Set.copyOf(exact);
        this.droppedKeyPrefixes = prefixes.toArray(String[]::new);
    }

    /** The scrubber for a project without rules of its own. */
    public static PiiScrubber builtInsOnly() {
        return BUILT_INS_ONLY;
    }

    /**
     * The value with every rule's matches replaced, each replacement added to {@code counts}. A value
     * with nothing to replace comes back as the same instance; most do without any regex being run.
     */
    public String scrub(String value, PiiScrubCounts counts) {
        if (value == null) {
            return null;
        }
        String text = value;
        String truncation = null;
        if (text.length() > SCAN_LIMIT_CHARS) {
            int cut = SCAN_LIMIT_CHARS - (Character.isHighSurrogate(text.charAt(SCAN_LIMIT_CHARS - 1)) ? 1 : 0);
            truncation = "…[truncated " + (text.length() - cut) + " chars: PII scan limit]";
            text = text.substring(0, cut);
            counts.add(PiiScrubCounts.TRUNCATED, 1);
        }
        int candidates = PiiBuiltInRule.candidatesIn(text);
        if (candidates != 0) {
            for (PiiBuiltInRule rule : BUILT_IN_RULES) {
                if ((candidates & rule.bit()) != 0) {
                    text = rule.apply(text, counts);
                }
            }
        }
        for (PiiProjectRule rule : projectRules) {
            text = rule.apply(text, counts);
        }
        return truncation == null ? text : text + truncation;
    }

    /**
     * The attributes with dropped keys removed and every value scrubbed, in their original order. When
     * nothing changed this is the given map itself; otherwise a new insertion-ordered map.
     */
    public Map<String, String> scrubAttributes(Map<String, String> attributes, PiiScrubCounts counts) {
        Map<String, String> scrubbed = null;
        int unchanged = 0;
        for (Map.Entry<String, String> attribute : attributes.entrySet()) {
            String key = attribute.getKey();
            String value = attribute.getValue();
            boolean dropped = dropsAttribute(key);
            String clean = dropped ? null : scrub(value, counts);
            if (dropped) {
                counts.add(PiiScrubCounts.DROPPED_ATTRIBUTE, 1);
            }
            if (scrubbed == null && (dropped || clean != value)) {
                scrubbed = copyOfFirst(attributes, unchanged);
            }
            if (scrubbed == null) {
                unchanged++;
            } else if (!dropped) {
                scrubbed.put(key, clean);
            }
        }
        return scrubbed == null ? attributes : scrubbed;
    }

    /** Whether the project's drop list removes an attribute with this key. */
    boolean dropsAttribute(String key) {
        if (key == null || droppedKeys.isEmpty() && droppedKeyPrefixes.length == 0) {
            return false;
        }
        String lower = key.toLowerCase(Locale.ROOT);
        if (droppedKeys.contains(lower)) {
            return true;
        }
        for (String prefix : droppedKeyPrefixes) {
            if (lower.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, String> copyOfFirst(Map<String, String> attributes, int count) {
        var copy = new LinkedHashMap<String, String>(Math.max(16, attributes.size() * 2));
        Iterator<Map.Entry<String, String>> entries = attributes.entrySet().iterator();
        for (int i = 0; i < count; i++) {
            Map.Entry<String, String> entry = entries.next();
            copy.put(entry.getKey(), entry.getValue());
        }
        return copy;
    }
}
