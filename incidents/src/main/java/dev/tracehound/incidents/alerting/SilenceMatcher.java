package dev.tracehound.incidents.alerting;

import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One condition of a silence on an alert's labels: the label equals {@code value}, or, with {@code regex},
 * the whole label matches it. A label the alert does not have counts as the empty string.
 *
 * @throws IllegalArgumentException a blank label, or a regex that does not compile
 */
public record SilenceMatcher(String label, String value, boolean regex) {

    public SilenceMatcher {
        if (label == null || label.isBlank() || label.length() > 200) {
            throw new IllegalArgumentException("a silence matcher needs a label name of 1 to 200 characters");
        }
        value = value == null ? "" : value;
        if (value.length() > 1000) {
            throw new IllegalArgumentException("a silence matcher's value is at most 1000 characters");
        }
        if (regex) {
            try {
                Pattern.compile(value);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("the matcher on '" + label + "' is not a valid regular expression: "
                        + e.getDescription() + " near index " + e.getIndex() + " of " + value);
            }
        }
    }

    public boolean matches(Map<String, String> labels) {
        String actual = labels.getOrDefault(label, "");
        return regex ? Pattern.compile(value).matcher(actual).matches() : value.equals(actual);
    }
}
