package dev.tracehound.agent.offline;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a person's question says about where to look: the time it is about (in UTC, the only time
 * zone the offline investigator knows), and, once the services are known, which of them it names.
 *
 * @param asked     the time the question names, if it names one
 * @param analysis  the time to analyse: the time asked and as much again before it, at least an hour
 *                  (so there is a "before" to compare with), or by default the last 24 hours
 * @param readable  whether the question has any words at all
 */
record QuestionScope(String question, Optional<TimeWindow> asked, TimeWindow analysis, boolean readable) {

    /** A time range, {@code to} exclusive. */
    record TimeWindow(Instant from, Instant to) {

        Duration length() {
            return Duration.between(from, to);
        }
    }

    static final Duration DEFAULT_WINDOW = Duration.ofHours(24);
    static final Duration LONGEST_WINDOW = Duration.ofDays(7);

    private static final List<String> NUMBER_WORDS = List.of("zero", "one", "two", "three", "four", "five", "six",
            "seven", "eight", "nine", "ten", "eleven", "twelve");
    private static final Pattern LAST_N = Pattern.compile("\\b(?:last|past|previous)\\s+(\\d{1,4}|"
            + String.join("|", NUMBER_WORDS) + "|couple of|few)\\s*(minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|w)\\b");
    private static final String CLOCK = "(\\d{1,2})(?::(\\d{2}))?\\s*(am|pm)?(?:\\s*utc)?";
    private static final Pattern BETWEEN_CLOCKS = Pattern.compile("\\b(?:between|from)\\s+" + CLOCK
            + "\\s*(?:and|to|until|till|-|–)\\s*" + CLOCK + "\\b");
    private static final Pattern AGO = Pattern.compile("\\b(\\d{1,4}|an?|" + String.join("|", NUMBER_WORDS)
            + "|couple of|few)\\s*(minutes?|mins?|hours?|hrs?|days?|weeks?)\\s+ago\\b");
    private static final Pattern LAST_ONE = Pattern.compile("\\b(?:last|past|previous)\\s+(minute|hour|day|week)\\b");
    private static final Pattern SINCE_CLOCK = Pattern.compile("\\bsince\\s+(\\d{1,2})(?::(\\d{2}))?\\s*(am|pm)?\\b");
    private static final Pattern RIGHT_NOW = Pattern.compile("\\b(?:right now|currently|at the moment|just now|at present)\\b");
    private static final Pattern WORDS = Pattern.compile("\\p{L}{2,}");

    static QuestionScope of(String question, Instant now) {
        String text = question == null ? "" : question.toLowerCase(Locale.ROOT);
        Optional<TimeWindow> asked = askedWindow(text, now);
        TimeWindow analysis = asked.map(QuestionScope::withBefore)
                .orElse(new TimeWindow(now.minus(DEFAULT_WINDOW), now));
        return new QuestionScope(question == null ? "" : question, asked, analysis, WORDS.matcher(text).find());
    }

    /** The services the question names, in the order it names them; "payment" names "payments". */
    List<String> mentioned(List<String> services) {
        String text = question.toLowerCase(Locale.ROOT);
        record Mention(String service, int at) {}
        var mentions = new ArrayList<Mention>();
        for (String service : services) {
            String name = service.toLowerCase(Locale.ROOT);
            int at = wordIndex(text, name);
            if (at < 0 && name.endsWith("s") && name.length() > 3) {
                at = wordIndex(text, name.substring(0, name.length() - 1));
            }
            if (at < 0) {
                at = wordIndex(text, name + "s");
            }
            if (at >= 0) {
                mentions.add(new Mention(service, at));
            }
        }
        mentions.sort(Comparator.comparingInt(Mention::at).thenComparing(Mention::service));
        return mentions.stream().map(Mention::service).toList();
    }

    private static int wordIndex(String text, String word) {
        if (word.isBlank()) {
            return -1;
        }
        Matcher matcher = Pattern.compile("(?<![\\p{L}\\p{N}_.-])" + Pattern.quote(word) + "(?![\\p{L}\\p{N}_-])")
                .matcher(text);
        return matcher.find() ? matcher.start() : -1;
    }

    private static Optional<TimeWindow> askedWindow(String text, Instant now) {
        ZonedDateTime utcNow = now.atZone(ZoneOffset.UTC);
        ZonedDateTime midnight = utcNow.truncatedTo(ChronoUnit.DAYS);
        Matcher between = BETWEEN_CLOCKS.matcher(text);
        // "between 2 and 3" is no time of day: a clock time has minutes or am/pm.
        if (between.find() && (between.group(2) != null || between.group(3) != null)) {
            Optional<LocalTime> from = clock(between.group(1), between.group(2), between.group(3));
            Optional<LocalTime> to = clock(between.group(4), between.group(5), between.group(6));
            if (from.isPresent() && to.isPresent()) {
                ZonedDateTime start = midnight.with(from.get());
                start = start.isAfter(utcNow) ? start.minusDays(1) : start;
                ZonedDateTime end = start.truncatedTo(ChronoUnit.DAYS).with(to.get());
                end = end.isAfter(start) ? end : end.plusDays(1);
                return Optional.of(new TimeWindow(start.toInstant(), end.toInstant().isAfter(now) ? now : end.toInstant()));
            }
        }
        Matcher ago = AGO.matcher(text);
        if (ago.find()) {
            long amount = ago.group(1).matches("an?") ? 1 : amount(ago.group(1));
            return Optional.of(endingNow(now, unit(ago.group(2)).multipliedBy(Math.max(1, amount))));
        }
        Matcher lastN = LAST_N.matcher(text);
        if (lastN.find()) {
            long amount = amount(lastN.group(1));
            return Optional.of(endingNow(now, unit(lastN.group(2)).multipliedBy(Math.max(1, amount))));
        }
        Matcher lastOne = LAST_ONE.matcher(text);
        if (lastOne.find()) {
            return Optional.of(endingNow(now, unit(lastOne.group(1))));
        }
        Matcher since = SINCE_CLOCK.matcher(text);
        if (since.find()) {
            int hour = Integer.parseInt(since.group(1));
            int minute = since.group(2) == null ? 0 : Integer.parseInt(since.group(2));
            if ("pm".equals(since.group(3)) && hour < 12) {
                hour += 12;
            } else if ("am".equals(since.group(3)) && hour == 12) {
                hour = 0;
            }
            if (hour < 24 && minute < 60) {
                ZonedDateTime start = midnight.with(LocalTime.of(hour, minute));
                if (start.isAfter(utcNow)) {
                    start = start.minusDays(1);
                }
                return Optional.of(new TimeWindow(start.toInstant(), now));
            }
        }
        if (text.contains("this morning")) {
            return Optional.of(since(midnight.plusHours(6), midnight, now));
        }
        if (text.contains("this afternoon")) {
            return Optional.of(since(midnight.plusHours(12), midnight, now));
        }
        if (text.contains("this evening") || text.contains("tonight")) {
            return Optional.of(since(midnight.plusHours(18), midnight, now));
        }
        if (text.contains("yesterday")) {
            return Optional.of(new TimeWindow(midnight.minusDays(1).toInstant(), midnight.toInstant()));
        }
        if (text.contains("this week")) {
            ZonedDateTime monday = midnight.minusDays(utcNow.getDayOfWeek().getValue() - 1L);
            return Optional.of(new TimeWindow(monday.toInstant().isBefore(now.minus(Duration.ofHours(1)))
                    ? monday.toInstant() : now.minus(Duration.ofHours(1)), now));
        }
        if (text.contains("this month")) {
            return Optional.of(endingNow(now, LONGEST_WINDOW));
        }
        if (text.contains("today")) {
            return Optional.of(new TimeWindow(midnight.toInstant(), now));
        }
        if (RIGHT_NOW.matcher(text).find()) {
            return Optional.of(endingNow(now, Duration.ofHours(1)));
        }
        return Optional.empty();
    }

    /** A clock time, e.g. "21:28" or "9:15 pm"; empty when it is none. */
    private static Optional<LocalTime> clock(String hours, String minutes, String half) {
        int hour = Integer.parseInt(hours);
        int minute = minutes == null ? 0 : Integer.parseInt(minutes);
        if ("pm".equals(half) && hour < 12) {
            hour += 12;
        } else if ("am".equals(half) && hour == 12) {
            hour = 0;
        }
        return hour < 24 && minute < 60 ? Optional.of(LocalTime.of(hour, minute)) : Optional.empty();
    }

    private static TimeWindow since(ZonedDateTime start, ZonedDateTime midnight, Instant now) {
        // Asked early in the day, "this morning" can only mean since midnight.
        Instant from = start.toInstant().isBefore(now) ? start.toInstant() : midnight.toInstant();
        return new TimeWindow(from.isBefore(now) ? from : now.minus(Duration.ofHours(1)), now);
    }

    private static TimeWindow endingNow(Instant now, Duration length) {
        Duration capped = length.compareTo(LONGEST_WINDOW) > 0 ? LONGEST_WINDOW : length;
        return new TimeWindow(now.minus(capped), now);
    }

    private static TimeWindow withBefore(TimeWindow asked) {
        Duration before = asked.length().compareTo(Duration.ofHours(1)) < 0 ? Duration.ofHours(1) : asked.length();
        Instant from = asked.from().minus(before);
        Instant earliest = asked.to().minus(LONGEST_WINDOW);
        return new TimeWindow(from.isBefore(earliest) ? earliest : from, asked.to());
    }

    private static long amount(String text) {
        if (text.chars().allMatch(Character::isDigit)) {
            return Long.parseLong(text);
        }
        return switch (text) {
            case "couple of" -> 2;
            case "few" -> 3;
            default -> NUMBER_WORDS.indexOf(text);
        };
    }

    private static Duration unit(String unit) {
        return switch (unit.charAt(0)) {
            case 'm' -> Duration.ofMinutes(1);
            case 'h' -> Duration.ofHours(1);
            case 'd' -> Duration.ofDays(1);
            default -> Duration.ofDays(7);
        };
    }
}
