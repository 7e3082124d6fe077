package dev.tracehound.ingest;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules every project gets, in the order they run. Specific credentials come before the generic
 * bearer and URL rules so that a GitHub token sent as {@code Bearer ghp_...} is named for what it is;
 * a marker ({@code [REDACTED:jwt]}) holds none of the characters a later rule would match.
 *
 * <p>These regexes see up to {@link PiiScrubber#SCAN_LIMIT_CHARS} of untrusted text, so each is written
 * to take time linear in it: repetition is bounded wherever something must follow it, and a token is
 * matched only from where its run of characters starts (a lookbehind), so a long run is not rescanned
 * from every offset. A group named {@code keep} is context (the word Bearer, a {@code key=} label, a
 * URL's scheme and user) left in place before the marker.
 */
enum PiiBuiltInRule {

    // A key cut off before its END line still has key material in it, so that case runs to the end.
    // The words before PRIVATE KEY are bounded because the JDK recurses once per repetition of a group.
    PRIVATE_KEY("private-key", "-----BEGIN (?:[A-Z0-9]+ ){0,4}PRIVATE KEY(?: BLOCK)?-----"
            + "(?:.*?-----END (?:[A-Z0-9]+ ){0,4}PRIVATE KEY(?: BLOCK)?-----|.*)", Pattern.DOTALL),
    JWT("jwt", "(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{2,}\\.[A-Za-z0-9_-]*"),
    AWS_ACCESS_KEY("aws-access-key", "(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])"),
    AWS_SECRET_KEY("aws-secret-key", "(?i)(?<keep>aws[_.-]?secret[_.-]?(?:access[_.-]?)?key[\"']?\\s{0,8}[:=]"
            + "\\s{0,8}[\"']?)[A-Za-z0-9/+=]{20,}"),
    GITHUB_TOKEN("github-token", "(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})"),
    SLACK_TOKEN("slack-token", "(?<![A-Za-z0-9])xox[abpors]-[A-Za-z0-9-]{10,}"),
    GOOGLE_API_KEY("google-api-key", "(?<![A-Za-z0-9_-])AIza[A-Za-z0-9_-]{35}(?![A-Za-z0-9_-])"),
    STRIPE_KEY("stripe-key", "(?<![A-Za-z0-9])[sr]k_(?:live|test)_[A-Za-z0-9]{10,}"),
    // The token must hold a digit or symbol, or be 20+ characters, so prose such as
    // "Bearer authentication failed" or a challenge such as Bearer realm="api" is kept.
    BEARER_TOKEN("bearer-token", "(?i)\\b(?<keep>bearer\\s{1,8})(?=[a-z]*[0-9_.~+/=-]|[a-z0-9_.~+/=-]{20})"
            + "[a-z0-9_.~+/=-]{8,}"),
    // Userinfo may not hold '[' or ']' unencoded, which also keeps an earlier marker from being redacted twice.
    // The password may hold an unencoded '@' (it happens); the last '@' before the host ends it.
    URL_PASSWORD("url-password", "(?<keep>[A-Za-z][A-Za-z0-9+.-]{0,31}://[^\\s:/?#@\\[\\]]{0,256}:)"
            + "[^\\s/?#\\[\\]]{1,256}(?=@)"),
    // %40 is an '@' in a URL query, where emails in telemetry mostly are. Starting only where a run of
    // local-part characters starts keeps a long run without an '@' from being rescanned at every offset.
    EMAIL("email", "(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}(?:@|%40)"
            + "[A-Za-z0-9-]{1,63}(?:\\.[A-Za-z0-9-]{1,63}){0,8}\\.[A-Za-z]{2,24}(?![A-Za-z0-9-])"),
    CARD_NUMBER("card-number", null) {
        @Override
        String apply(String text, PiiScrubCounts counts) {
            return PiiCardNumbers.redact(text, ruleName(), marker(), counts);
        }
    };

    /** Nothing shorter than {@code a@b.cd} can hold a match. */
    private static final int SHORTEST_MATCH = 6;

    private final String ruleName;
    private final String marker;
    private final Pattern pattern;
    private final boolean keepsContext;

    PiiBuiltInRule(String ruleName, String regex) {
        this(ruleName, regex, 0);
    }

    PiiBuiltInRule(String ruleName, String regex, int flags) {
        this.ruleName = ruleName;
        this.marker = "[REDACTED:" + ruleName + "]";
        this.pattern = regex == null ? null : Pattern.compile(regex, flags);
        this.keepsContext = pattern != null && pattern.namedGroups().containsKey("keep");
    }

    String ruleName() {
        return ruleName;
    }

    String marker() {
        return marker;
    }

    int bit() {
        return 1 << ordinal();
    }

    /** The text with this rule's matches replaced and counted; the same instance when nothing matched. */
    String apply(String text, PiiScrubCounts counts) {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            return text;
        }
        var out = new StringBuilder(text.length());
        int copied = 0;
        int replaced = 0;
        do {
            int secretStart = keepsContext ? matcher.end("keep") : matcher.start();
            out.append(text, copied, secretStart).append(marker);
            copied = matcher.end();
            replaced++;
        } while (matcher.find());
        counts.add(ruleName, replaced);
        return out.append(text, copied, text.length()).toString();
    }

    /**
     * The rules that could match somewhere in the text, as a mask of {@link #bit()}s, found in one pass
     * without a regex: each rule has a literal it cannot match without (AKIA, eyJ, an '@' and a '.',
     * thirteen digits...). Most telemetry values have none, and then no regex runs at all.
     */
    static int candidatesIn(String text) {
        int length = text.length();
        if (length < SHORTEST_MATCH) {
            return 0;
        }
        int mask = 0;
        int digits = 0;
        boolean at = false;
        boolean dot = false;
        boolean schemeSeparator = false;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
                continue;
            }
            switch (c) {
                case '.' -> dot = true;
                case '@' -> at = true;
                case '%' -> at |= text.startsWith("40", i + 1);
                case ':' -> schemeSeparator |= text.startsWith("//", i + 1);
                case '-' -> {
                    if (text.startsWith("-----BEGIN", i)) {
                        mask |= PRIVATE_KEY.bit();
                    }
                }
                case 'e' -> {
                    if (text.startsWith("yJ", i + 1)) {
                        mask |= JWT.bit();
                    }
                }
                case 'A' -> {
                    if (text.startsWith("KIA", i + 1) || text.startsWith("SIA", i + 1)) {
                        mask |= AWS_ACCESS_KEY.bit();
                    } else if (text.startsWith("Iza", i + 1)) {
                        mask |= GOOGLE_API_KEY.bit();
                    }
                }
                case 's', 'S' -> {
                    if (nextIs(text, i, 'e', 'E') && text.regionMatches(true, i, "secret", 0, 6)) {
                        mask |= AWS_SECRET_KEY.bit();
                    }
                }
                case 'g' -> {
                    if (isGitHubPrefix(text, i)) {
                        mask |= GITHUB_TOKEN.bit();
                    }
                }
                case 'x' -> {
                    if (text.startsWith("ox", i + 1)) {
                        mask |= SLACK_TOKEN.bit();
                    }
                }
                case 'k' -> {
                    if (i > 0 && (text.charAt(i - 1) == 's' || text.charAt(i - 1) == 'r')
                            && (text.startsWith("_live_", i + 1) || text.startsWith("_test_", i + 1))) {
                        mask |= STRIPE_KEY.bit();
                    }
                }
                case 'b', 'B' -> {
                    if (nextIs(text, i, 'e', 'E') && text.regionMatches(true, i, "bearer", 0, 6)) {
                        mask |= BEARER_TOKEN.bit();
                    }
                }
                default -> { }
            }
        }
        if (at && dot) {
            mask |= EMAIL.bit();
        }
        if (at && schemeSeparator) {
            mask |= URL_PASSWORD.bit();
        }
        if (digits >= PiiCardNumbers.MIN_DIGITS) {
            mask |= CARD_NUMBER.bit();
        }
        return mask;
    }

    /** A cheap first test before a case-insensitive comparison, since 's' and 'b' are common letters. */
    private static boolean nextIs(String text, int i, char lower, char upper) {
        if (i + 1 >= text.length()) {
            return false;
        }
        char next = text.charAt(i + 1);
        return next == lower || next == upper;
    }

    private static boolean isGitHubPrefix(String text, int i) {
        return text.startsWith("gh", i) && i + 3 < text.length() && "pousr".indexOf(text.charAt(i + 2)) >= 0
                && text.charAt(i + 3) == '_'
                || text.startsWith("github_pat_", i);
    }
}
