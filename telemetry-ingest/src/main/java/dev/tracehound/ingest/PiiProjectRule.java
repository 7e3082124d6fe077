package dev.tracehound.ingest;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ScrubRule} ready to run. Its regex comes from a user and may backtrack catastrophically
 * ({@code (a+)+b} takes years on 40 characters), which no input length limit prevents. So the regex
 * reads its input through a budget of {@value #STEPS_PER_CHAR} character reads per input character;
 * a rule that runs out (or overflows the stack) has its whole value replaced, because a value it could
 * not finish scanning cannot be known to be clean.
 */
final class PiiProjectRule {

    static final int STEPS_PER_CHAR = 256;
    private static final int MIN_STEPS = 16_384;
    private static final Logger log = LoggerFactory.getLogger(PiiProjectRule.class);

    private final String name;
    private final Pattern pattern;
    private final String replacement;
    private final AtomicBoolean budgetExceededLogged = new AtomicBoolean();

    PiiProjectRule(ScrubRule rule) {
        this.name = rule.name();
        this.pattern = rule.pattern();
        this.replacement = rule.replacement();
    }

    /** The text with this rule's matches replaced and counted; the same instance when nothing matched. */
    String apply(String text, PiiScrubCounts counts) {
        long steps = Math.max(MIN_STEPS, (long) text.length() * STEPS_PER_CHAR);
        Matcher matcher = pattern.matcher(new BudgetedText(text, steps));
        try {
            StringBuilder out = null;
            int copied = 0;
            int replaced = 0;
            while (matcher.find()) {
                // Zero-width matches, as from \b, would splice the replacement between characters.
                if (matcher.end() == matcher.start()) {
                    continue;
                }
                if (out == null) {
                    out = new StringBuilder(text.length());
                }
                out.append(text, copied, matcher.start()).append(replacement);
                copied = matcher.end();
                replaced++;
            }
            if (out == null) {
                return text;
            }
            counts.add(name, replaced);
            return out.append(text, copied, text.length()).toString();
        } catch (BudgetExceeded | StackOverflowError e) {
            // The JDK engine recurses for some repeated groups, so a long value can also overflow the stack.
            if (budgetExceededLogged.compareAndSet(false, true)) {
                log.warn("scrub rule '{}' could not finish on a {}-character value ({}) and replaced all of it;"
                        + " its regex backtracks or recurses too much and should be rewritten (logged once)",
                        name, text.length(), e instanceof BudgetExceeded ? "budget exceeded" : "stack overflow");
            }
            counts.add(name, 1);
            return replacement;
        }
    }

    /** A string whose characters can be read only so many times. */
    private static final class BudgetedText implements CharSequence {
        private final String text;
        private long stepsLeft;

        BudgetedText(String text, long steps) {
            this.text = text;
            this.stepsLeft = steps;
        }

        @Override
        public char charAt(int index) {
            if (--stepsLeft < 0) {
                throw BudgetExceeded.INSTANCE;
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.substring(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** Thrown out of the regex engine; shared and without a stack trace, since it is control flow. */
    private static final class BudgetExceeded extends RuntimeException {
        static final BudgetExceeded INSTANCE = new BudgetExceeded();

        private BudgetExceeded() {
            super("regex budget exceeded", null, false, false);
        }
    }
}
