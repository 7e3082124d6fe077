package dev.tracehound.ingest;

import java.util.Arrays;

/**
 * Finds payment card numbers: 13 to 19 digits, bare or in groups split by single spaces or dashes,
 * that pass the Luhn check. Telemetry is full of long numbers, so a candidate must also
 * <ul>
 *   <li>start as the major card networks' numbers do: 3 to 6, or 2221 to 2720 (Mastercard's 2-series).
 *       This keeps epoch timestamps in ms, µs and ns (starting with 1 until 2033) and compact dates
 *       ({@code 20240501123456}), a tenth of which would pass Luhn by chance;</li>
 *   <li>not touch a letter, so digit stretches inside hex ids and tokens are left alone;</li>
 *   <li>when grouped, be grouped as cards are printed: a first group of 4, then groups of 4 to 6, the
 *       last of 1 to 6, one separator throughout. Lists such as {@code 255 255 255 0} are not cards.</li>
 * </ul>
 * A card may sit in a longer run of numbers ({@code 2024-05-01 4111 1111 1111 1111}), so every window
 * of whole groups is tried, longest first, from the left.
 */
final class PiiCardNumbers {

    static final int MIN_DIGITS = 13;
    static final int MAX_DIGITS = 19;

    private PiiCardNumbers() {}

    static String redact(String text, String ruleName, String marker, PiiScrubCounts counts) {
        int length = text.length();
        var groups = new Groups();
        StringBuilder out = null;
        int copied = 0;
        int replaced = 0;
        int i = 0;
        while (i < length) {
            if (!isDigit(text.charAt(i))) {
                i++;
                continue;
            }
            int runStart = i;
            int runDigits = 0;
            groups.clear();
            while (true) {
                int groupStart = i;
                while (i < length && isDigit(text.charAt(i))) {
                    i++;
                }
                groups.add(groupStart, i);
                runDigits += i - groupStart;
                if (i + 1 < length && isSeparator(text.charAt(i)) && isDigit(text.charAt(i + 1))) {
                    i++;
                } else {
                    break;
                }
            }
            if (runDigits < MIN_DIGITS || touchesLetter(text, runStart, i)) {
                continue;
            }
            for (int first = 0; first < groups.size; ) {
                int end = longestCardFrom(text, groups, first);
                if (end < 0) {
                    first++;
                    continue;
                }
                if (out == null) {
                    out = new StringBuilder(length);
                }
                out.append(text, copied, groups.start(first)).append(marker);
                copied = groups.end(end - 1);
                replaced++;
                first = end;
            }
        }
        if (out == null) {
            return text;
        }
        counts.add(ruleName, replaced);
        return out.append(text, copied, length).toString();
    }

    /** The end (exclusive group index) of the longest card starting at group {@code first}, or -1. */
    private static int longestCardFrom(String text, Groups groups, int first) {
        int longest = -1;
        int digits = 0;
        for (int last = first; last < groups.size; last++) {
            digits += groups.length(last);
            if (digits > MAX_DIGITS) {
                break;
            }
            if (digits >= MIN_DIGITS && groupedLikeACard(text, groups, first, last)
                    && passesChecks(text, groups, first, last)) {
                longest = last + 1;
            }
        }
        return longest;
    }

    private static boolean groupedLikeACard(String text, Groups groups, int first, int last) {
        if (first == last) {
            return true;
        }
        if (groups.length(first) != 4 || groups.length(last) > 6) {
            return false;
        }
        char separator = text.charAt(groups.end(first));
        for (int g = first + 1; g < last; g++) {
            int digits = groups.length(g);
            if (digits < 4 || digits > 6 || text.charAt(groups.end(g)) != separator) {
                return false;
            }
        }
        return true;
    }

    private static boolean passesChecks(String text, Groups groups, int first, int last) {
        if (!startsLikeACard(text, groups.start(first))) {
            return false;
        }
        int sum = 0;
        boolean doubled = false;
        for (int g = last; g >= first; g--) {
            for (int p = groups.end(g) - 1; p >= groups.start(g); p--) {
                int digit = text.charAt(p) - '0';
                if (doubled) {
                    digit *= 2;
                    if (digit > 9) {
                        digit -= 9;
                    }
                }
                sum += digit;
                doubled = !doubled;
            }
        }
        return sum % 10 == 0;
    }

    /** Every candidate's first group has at least 4 digits, so the first four are at hand. */
    private static boolean startsLikeACard(String text, int start) {
        char leading = text.charAt(start);
        if (leading >= '3' && leading <= '6') {
            return true;
        }
        int firstFour = Integer.parseInt(text, start, start + 4, 10);
        return firstFour >= 2221 && firstFour <= 2720;
    }

    private static boolean touchesLetter(String text, int start, int end) {
        return start > 0 && Character.isLetter(text.charAt(start - 1))
                || end < text.length() && Character.isLetter(text.charAt(end));
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isSeparator(char c) {
        return c == ' ' || c == '-';
    }

    /** Start and end offsets of the digit groups of one run, reused from run to run. */
    private static final class Groups {
        private int[] bounds = new int[16];
        private int size;

        void clear() {
            size = 0;
        }

        void add(int start, int end) {
            if (2 * size + 2 > bounds.length) {
                bounds = Arrays.copyOf(bounds, bounds.length * 2);
            }
            bounds[2 * size] = start;
            bounds[2 * size + 1] = end;
            size++;
        }

        int start(int group) {
            return bounds[2 * group];
        }

        int end(int group) {
            return bounds[2 * group + 1];
        }

        int length(int group) {
            return end(group) - start(group);
        }
    }
}
