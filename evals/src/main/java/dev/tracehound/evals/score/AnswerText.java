package dev.tracehound.evals.score;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An answer as the fact checks read it: lower case, without Markdown's emphasis and code marks,
 * with the spaces around {@code =} and {@code :} in {@code key = value} gone, so that
 * {@code **payment.provider** = `stripe_v3`} reads as {@code payment.provider=stripe_v3}.
 */
final class AnswerText {

    private static final Pattern TRACE_ID = Pattern.compile("(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])");
    private static final Pattern MARKS = Pattern.compile("[`*]|(?<![a-z0-9])_|_(?![a-z0-9])");
    private static final Pattern AROUND_EQUALS = Pattern.compile("\\s*(=|==)\\s*");
    /** Characters that continue a name: a phrase matches only where none touches it. */
    private static final String NAME_CHAR = "[\\p{L}0-9_]";

    private final String original;
    private final String text;

    AnswerText(String answer) {
        this.original = answer == null ? "" : answer;
        String lower = original.toLowerCase(Locale.ROOT);
        this.text = AROUND_EQUALS.matcher(MARKS.matcher(lower).replaceAll("")).replaceAll("=");
    }

    String original() {
        return original;
    }

    String normalised() {
        return text;
    }

    /**
     * Whether the answer says the phrase. A {@code key=value} phrase is said by the value alone
     * (people and models write {@code stripe_v3} as often as the pair); any phrase is said only as
     * a whole name: {@code v3} is not in {@code stripe_v3}, nor {@code 2.3} in {@code 2.3.1}.
     */
    boolean mentions(String phrase) {
        String wanted = new AnswerText(phrase).normalised().strip();
        if (wanted.isEmpty()) {
            return false;
        }
        if (contains(wanted)) {
            return true;
        }
        int equals = wanted.indexOf('=');
        return equals > 0 && equals < wanted.length() - 1 && contains(wanted.substring(equals + 1));
    }

    private boolean contains(String phrase) {
        Pattern whole = Pattern.compile("(?<!" + NAME_CHAR + "|" + NAME_CHAR + "[.\\-])" + Pattern.quote(phrase)
                + "(?!" + NAME_CHAR + "|[.\\-]" + NAME_CHAR + ")");
        return whole.matcher(text).find();
    }

    /** The 32-hex trace ids the answer cites, in order, once each. */
    Set<String> traceIds() {
        var ids = new LinkedHashSet<String>();
        Matcher matcher = TRACE_ID.matcher(original.toLowerCase(Locale.ROOT));
        while (matcher.find()) {
            ids.add(matcher.group());
        }
        return ids;
    }
}
