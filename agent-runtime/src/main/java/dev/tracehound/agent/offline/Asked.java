package dev.tracehound.agent.offline;

import dev.tracehound.agent.offline.QuestionScope.TimeWindow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a question asks, read from its words: its kind and the details that kind needs. Services
 * are not read here: only the data knows their names ({@link QuestionScope#mentioned}).
 *
 * @param window     the time the figures are of: the time asked, else the last 24 hours
 * @param route      an endpoint the question names, "POST /orders" or "/orders"
 * @param versions   versions the question names, as written
 * @param searchText for logs: the words to find
 * @param measure    what figure is asked: for counts requests, errors, spans or traces; for rates
 *                   errors or throughput; for percentiles p50 … p99, avg, max or all; for the
 *                   most affected tenant errors, latency, volume (who sends most) or any; for LLM
 *                   usage model or service;
 *                   for an incident or health the symptom named, errors or latency, or tokens when
 *                   it is about what LLM calls cost, or none
 * @param tenantWord the word the question calls a tenant by (customer, account, org …)
 * @param topicWords the question's own words that are no common English nor observability words:
 *                   a feature, a route or a symptom that the data's operation names may hold
 */
record Asked(QuestionKind kind, QuestionScope scope, TimeWindow window, Optional<String> route, List<String> versions,
        Optional<String> traceId, Optional<String> searchText, String measure, Optional<String> tenantWord,
        List<String> topicWords) {

    private static final Pattern ROUTE = Pattern.compile(
            "\\b(get|post|put|patch|delete|head|options)\\s+(/[^\\s?,;'\"`()]*)"
                    + "|(?<![\\w.:/])(/[A-Za-z0-9_{}:.\\-/]*[A-Za-z0-9_{}])",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern QUOTED = Pattern.compile("[\"“”`]([^\"“”`]{1,120})[\"“”`]"
            + "|(?<![\\w])['‘]([^'‘’]{1,120})['’](?![\\w])");
    /** Words after which a log search names what it looks for; the strong ones say so for sure. */
    private static final Pattern STRONG_LEAD = Pattern.compile("\\b(?:mentions?|mentioning|mentioned|containing"
            + "|contains|contain|saying|says|say|said|with the (?:word|words|text|phrase|string|message)|matching|match"
            + "|reading)\\s+", Pattern.CASE_INSENSITIVE);
    private static final Pattern WEAK_LEAD = Pattern.compile("\\b(?:with|about|including|include|includes|for)\\s+",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern SEARCH_END = Pattern.compile("(?i)\\s+(?:in|over|during|from|since|within|for) (?:the )?"
            + "(?:last|past|previous|this|today|yesterday|\\d|service|services)\\b.*$|\\s+(?:today|yesterday|"
            + "this morning|right now|recently|lately)\\b.*$|\\s+(?:in|from|of) (?:the )?[\\w.-]+ (?:service|logs?)\\b.*$"
            + "|\\s+logs?\\b.*$|[?.!]+\\s*$");
    private static final Pattern FOLLOW_UP = Pattern.compile("^\\W*(?:and|also|what about|how about|same|now|then"
            + "|ok|okay|for|but|or|in|over|since|during)\\b");
    private static final Pattern SENTENCE_END = Pattern.compile("[.?!;](?:\\s|$)");
    private static final Pattern PERCENTILE = Pattern.compile("\\bp(50|75|90|95|99|999|99\\.9)\\b"
            + "|\\b(\\d{2}(?:\\.\\d)?)(?:th|st|nd|rd)?[ -]percentile\\b");
    private static final Pattern WORD = Pattern.compile("[a-z][a-z0-9_-]{2,}");
    private static final Set<String> COMMON = Set.copyOf(List.of("the", "and", "for", "with", "from", "this", "that", "these",
            "those", "what", "whats", "why", "who", "whom", "which", "when", "where", "how", "are", "is", "was", "were",
            "been", "being", "have", "has", "had", "does", "did", "doing", "done", "can", "could", "would", "should",
            "will", "shall", "may", "might", "must", "our", "ours", "your", "their", "they", "them", "its", "it's",
            "there", "here", "some", "any", "anything", "everything", "something", "nothing", "all", "much", "many",
            "more", "most", "less", "few", "very", "too", "just", "only", "also", "still", "again", "now", "then",
            "than", "since", "until", "over", "under", "into", "onto", "about", "after", "before", "during", "last",
            "past", "previous", "today", "yesterday", "morning", "afternoon", "evening", "night", "tonight", "hour",
            "hours", "minute", "minutes", "day", "days", "week", "weeks", "month", "time", "times", "lately",
            "recently", "right", "please", "tell", "show", "give", "explain", "find", "look", "see", "seeing", "seem",
            "seems", "getting", "get", "got", "going", "started", "starting", "start", "began", "begin", "keep",
            "keeps", "kept", "being", "make", "makes", "made", "happen", "happened", "happening", "change",
            "changed", "wrong", "broken", "broke", "down", "slow", "slower", "slowly", "slowness", "fail", "fails",
            "failed", "failing", "failure", "failures", "error", "errors", "erroring", "timeout", "timeouts",
            "timing", "problem", "problems", "issue", "issues", "latency", "latencies", "spike", "spikes",
            "spiking", "high", "higher", "increase", "increased", "up", "users", "user", "customers", "customer",
            "people", "requests", "request", "calls", "call", "service", "services", "system", "app", "application",
            "site", "website", "page", "pages", "endpoint", "endpoints", "route", "routes", "api", "apis", "work",
            "working", "works", "load", "loading", "take", "takes", "taking", "long", "longer", "suddenly", "now",
            "cause", "caused", "causing", "reason", "root", "lot", "lots", "everyone", "someone", "thing", "things",
            "not", "don't", "doesn't", "didn't", "isn't", "aren't", "won't", "can't", "cannot", "into", "out",
            "production", "prod", "again", "anyone", "investigate", "incident", "outage", "degraded", "stuck",
            "hang", "hanging", "seconds", "second", "percent", "rate", "unusual", "weird", "odd", "okay", "fine",
            "went", "goes", "gone", "come", "came",
            "know", "think", "need", "want", "saw", "said", "says", "tell", "told", "looks", "looking", "anybody",
            "somebody", "else", "other", "others", "another", "every", "each", "both", "either", "neither", "ever",
            "never", "always", "sometimes", "often", "quite", "rather", "really", "actually", "maybe", "perhaps",
            "probably", "likely", "possible", "possibly", "thanks", "thank", "hello", "hi", "hey", "help", "around",
            "complain", "complains", "complained", "complaining", "complaint", "complaints", "report", "reports",
            "reported", "reporting", "making", "throwing", "throws", "threw", "returning", "returns", "returned",
            "several", "fired", "firing", "quick", "check", "checking", "ticket", "tickets", "feel", "feels",
            "worried", "worry", "incidents", "cost", "costs", "bill", "burn", "burns", "burning", "sluggish",
            "noticed", "notice", "seeing", "seen", "lots", "plenty", "bunch", "today's", "morning's"));

    /** What follows "with" or "for" without being searched for: "logs with errors" asks for a severity. */
    private static final Set<String> SEARCH_FILLER = Set.of("it", "this", "that", "them", "these", "those", "logs", "log",
            "errors", "error", "warnings", "warning", "exceptions", "me", "us", "you", "the service", "all", "anything");

    /** Words of telemetry itself, which name no feature. */
    private static final Set<String> VOCABULARY = Set.copyOf(List.of("log", "logs", "trace", "traces", "span", "spans",
            "version", "versions", "deploy", "deployed", "deployment", "release", "released", "tokens", "token",
            "model", "models", "tenant", "tenants", "account", "accounts", "count", "metric", "metrics", "p50", "p95",
            "p99", "percentile", "median", "average", "throughput", "traffic", "health", "healthy", "status",
            "database", "db", "query", "queries", "host", "hosts", "server", "servers", "client", "clients", "get",
            "post", "put", "patch", "delete", "head", "options", "alerts", "alert"));

    /**
     * The latest question, read with the one before it when it only follows it up ("and what about
     * the last 2 hours?", "same for payments"): the earlier question's kind, with this one's time and
     * names where it gives them.
     */
    static Asked of(String question, Optional<String> previous, Instant now) {
        Asked asked = of(question, now);
        if (asked.kind() != QuestionKind.UNKNOWN || previous.isEmpty()
                || !FOLLOW_UP.matcher(asked.scope().question().toLowerCase(Locale.ROOT)).find()) {
            return asked;
        }
        Asked before = of(previous.get(), now);
        if (before.kind() == QuestionKind.UNKNOWN || !before.scope().readable()) {
            return asked;
        }
        QuestionScope timed = asked.windowAsked() ? asked.scope() : before.scope();
        var scope = new QuestionScope(asked.scope().question() + "\n" + before.scope().question(), timed.asked(),
                timed.analysis(), true);
        return new Asked(before.kind(), scope, asked.windowAsked() ? asked.window() : before.window(),
                asked.route().or(before::route), asked.versions().isEmpty() ? before.versions() : asked.versions(),
                asked.traceId().or(before::traceId), before.searchText(), before.measure(),
                asked.tenantWord().or(before::tenantWord), asked.topicWords().isEmpty() ? before.topicWords()
                : asked.topicWords());
    }

    static Asked of(String question, Instant now) {
        QuestionScope scope = QuestionScope.of(question, now);
        String original = scope.question().replace('’', '\'').replace('‘', '\'');
        String text = original.toLowerCase(Locale.ROOT);
        // An automated investigation asks for closing lines: whatever its words, it is an incident hunt.
        QuestionKind kind = !scope.readable() ? QuestionKind.UNKNOWN
                : ClosingLines.asked(original) ? QuestionKind.INCIDENT : QuestionKind.of(text);
        TimeWindow window = scope.asked().orElse(new TimeWindow(now.minus(QuestionScope.DEFAULT_WINDOW), now));
        Matcher id = QuestionKind.TRACE_ID.matcher(text);
        Optional<String> traceId = id.find() ? Optional.of(id.group()) : Optional.empty();
        var versions = new ArrayList<String>();
        QuestionKind.VERSION.matcher(text).results().map(m -> m.group(1)).filter(v -> !versions.contains(v))
                .forEach(versions::add);
        return new Asked(kind, scope, window, route(original), List.copyOf(versions), traceId,
                kind == QuestionKind.LOGS ? searchText(original) : Optional.empty(), measure(kind, text),
                tenantWord(text), topicWords(text));
    }

    /** Whether the question gives a time; the figures are then of exactly that time. */
    boolean windowAsked() {
        return scope.asked().isPresent();
    }

    private static Optional<String> route(String question) {
        Matcher matcher = ROUTE.matcher(question);
        while (matcher.find()) {
            if (matcher.group(1) != null) {
                return Optional.of(matcher.group(1).toUpperCase(Locale.ROOT) + " " + trimmed(matcher.group(2)));
            }
            String path = trimmed(matcher.group(3));
            if (path.length() > 1 && !path.matches("/\\d+")) {
                return Optional.of(path);
            }
        }
        return Optional.empty();
    }

    private static String trimmed(String path) {
        String out = path;
        while (out.length() > 1 && ".,:;!?".indexOf(out.charAt(out.length() - 1)) >= 0) {
            out = out.substring(0, out.length() - 1);
        }
        return out;
    }

    /** The words a log search is for: quoted ones, else those after "mention", "containing", "about" … */
    static Optional<String> searchText(String question) {
        Matcher quoted = QUOTED.matcher(question);
        if (quoted.find()) {
            String found = quoted.group(1) != null ? quoted.group(1) : quoted.group(2);
            return found.isBlank() ? Optional.empty() : Optional.of(found.strip());
        }
        String rest = null;
        Matcher strong = STRONG_LEAD.matcher(question);
        while (rest == null && strong.find()) {
            rest = tail(question.substring(strong.end()));
        }
        Matcher weak = WEAK_LEAD.matcher(question);
        while (rest == null && weak.find()) {
            // "logs with errors about X": the last weak lead is nearest to what is searched for.
            String candidate = null;
            do {
                String tail = tail(question.substring(weak.end()));
                candidate = tail == null ? candidate : tail;
            } while (weak.find());
            rest = candidate;
        }
        if (rest == null) {
            return Optional.empty();
        }
        rest = rest.replaceFirst("(?i)^(?:the |a |an )?(?:words?|text|phrase|string|message|term) ", "")
                .replaceFirst("(?i)^(?:the|a|an) ", "").strip();
        return rest.isEmpty() ? Optional.empty() : Optional.of(rest);
    }

    private static String tail(String text) {
        // What is searched for ends with its sentence: "mention E-4664. Which service writes them?"
        String sentence = SENTENCE_END.split(text, 2)[0];
        String tail = SEARCH_END.matcher(sentence).replaceAll("").strip();
        return tail.isEmpty() || SEARCH_FILLER.contains(tail.toLowerCase(Locale.ROOT)) ? null : tail;
    }

    private static String measure(QuestionKind kind, String text) {
        return switch (kind) {
            case COUNT -> text.matches("(?s).*\\b(errors?|failures?|failed|failing|exceptions?|5xx|500s)\\b.*") ? "errors"
                    : text.matches("(?s).*\\bspans\\b.*") ? "spans" : text.matches("(?s).*\\btraces\\b.*") ? "traces"
                    : "requests";
            case RATE -> text.matches("(?s).*\\b(error|errors|fail\\w*|success|timeout|5xx|erroring)\\b.*") ? "errors"
                    : "throughput";
            case PERCENTILE -> percentile(text);
            case INCIDENT, HEALTH -> QuestionKind.llmSpend(text) ? "tokens" : symptom(text);
            case TOP_TENANT -> !text.matches("(?s).*\\b(affected|impacted|hit|errors?|fail\\w*|slow\\w*|latenc\\w*|worse"
                    + "|suffer\\w*|problems?|issues?|broken|timeouts?|5xx)\\b.*")
                    && QuestionKind.VOLUME.matcher(text).find() ? "volume" : text.matches("(?s).*\\b(slow\\w*|latency|latencies|timeouts?|lag\\w*)\\b.*") ? "latency"
                    : text.matches("(?s).*\\b(errors?|fail\\w*|5xx|500s|broken)\\b.*") ? "errors" : "any";
            case LLM_USAGE -> text.matches("(?s).*\\b(by|per|each|which) services?\\b.*") ? "service" : "model";
            case LOGS -> text.matches("(?s).*\\b(errors?|exceptions?|failures?)\\b.*") ? "error"
                    : text.matches("(?s).*\\bwarn(ing)?s?\\b.*") ? "warn" : "";
            default -> "";
        };
    }

    /** The symptom a question names: failures or slowness; none when it names both or neither. */
    private static String symptom(String text) {
        boolean errors = text.matches("(?s).*\\b(errors?|erroring|fail\\w*|broken|5xx|500s?|503s?|exceptions?|crash\\w*"
                + "|declin\\w*|reject\\w*|refus\\w*|unavailable|not working|doesn't work)\\b.*");
        boolean latency = text.matches("(?s).*\\b(slow\\w*|latenc\\w*|timeouts?|timing out|timed out|lag\\w*|hang\\w*"
                + "|stuck|takes? (?:too |so )?long|won't load|sluggish|crawl\\w*|p\\d{2,3}|response times?)\\b.*");
        return errors == latency ? "" : errors ? "errors" : "latency";
    }

    private static String percentile(String text) {
        Matcher matcher = PERCENTILE.matcher(text);
        if (matcher.find()) {
            String value = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
            return "p" + (value.equals("99.9") ? "999" : value.replace(".", ""));
        }
        if (text.matches("(?s).*\\bmedian\\b.*")) {
            return "p50";
        }
        if (text.matches("(?s).*\\b(average|avg|mean)\\b.*")) {
            return "avg";
        }
        if (text.matches("(?s).*\\b(max|maximum|worst case|longest)\\b.*")) {
            return "max";
        }
        return "all";
    }

    private static Optional<String> tenantWord(String text) {
        Optional<String> called = QuestionKind.tenantCalled(text);
        if (called.isPresent()) {
            return called;
        }
        Matcher matcher = Pattern.compile("\\b(tenant|customer|account|org|organi[sz]ation|client|user|workspace|team"
                + "|merchant|subscriber|compan(?:y|ie)|plan|project|publisher|partner|seller|vendor|buyer|member|brand"
                + "|shop|store|school)s?\\b").matcher(text);
        return matcher.find() ? Optional.of(matcher.group(1).startsWith("organi") ? "org"
                : matcher.group(1).startsWith("compan") ? "company" : matcher.group(1)) : Optional.empty();
    }

    /** A word as its singular, roughly: what span names hold ("searches" → "search", "queries" → "query"). */
    private static String singular(String word) {
        if (word.endsWith("ies") && word.length() > 4) {
            return word.substring(0, word.length() - 3) + "y";
        }
        if (word.matches(".*(?:ches|shes|sses|xes)") && word.length() > 5) {
            return word.substring(0, word.length() - 2);
        }
        return word.endsWith("s") && !word.endsWith("ss") && word.length() > 4 ? word.substring(0, word.length() - 1)
                : word;
    }

    private static List<String> topicWords(String text) {
        var words = new LinkedHashSet<String>();
        Matcher matcher = WORD.matcher(text.replaceAll("(?<![\\w.:/])/[^\\s?,;]*", " "));
        while (matcher.find()) {
            String word = matcher.group();
            if (word.length() < 4 || COMMON.contains(word) || VOCABULARY.contains(word) || word.matches(".*\\d.*")
                    || QuestionKind.of(word) != QuestionKind.UNKNOWN) {
                continue;
            }
            words.add(singular(word));
        }
        return List.copyOf(words);
    }
}
