package dev.tracehound.agent.offline;

import java.util.regex.Pattern;

/**
 * What a question asks for, read from its words alone: an incident hunt, whether anything is wrong,
 * one of the figures the tools measure directly, or something the offline investigator cannot
 * answer. The first kind whose words the question uses wins, in the order of {@link #of}: a trace id
 * is asked about whatever else is said, a question about the future is beyond any telemetry, and
 * "why" makes a question about figures an incident hunt.
 */
enum QuestionKind {
    INCIDENT,
    HEALTH,
    COUNT,
    RATE,
    PERCENTILE,
    SLOWEST,
    LLM_USAGE,
    TRACE,
    LOGS,
    COMPARE_VERSIONS,
    TOP_TENANT,
    UNKNOWN;

    static final Pattern TRACE_ID = Pattern.compile("(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])");
    static final Pattern VERSION = Pattern.compile(
            "(?<![\\w.:/-])v?(\\d+\\.\\d+(?:\\.\\d+){0,2}(?:-[0-9a-z][0-9a-z.]*)?)(?![\\w.:]|\\s*(?:ms|s|sec|seconds|%|percent|x)\\b)");

    private static final Pattern FUTURE = Pattern.compile("\\b(?:forecast\\w*|predict\\w*|projection|projected"
            + "|tomorrow|in the future|upcoming|going to (?:be|happen|grow|reach|fail|break|need)"
            + "|next (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|week|month|year|quarter|weekend)"
            + "|will (?:be|we|it|there|traffic|the|reach|grow|need|happen|run|exceed|look|cost|break|fail|go|our))\\b");
    /** Asks for an action or a how-to: nothing the telemetry can answer. */
    private static final Pattern ACTION = Pattern.compile("^\\s*(?:please\\s+)?(?:(?:how (?:do|can|should|would) (?:i|we)"
            + "|how to|(?:can|could|would) you) (?:create|set|add|write|make|configure|deploy|restart|send|delete|change"
            + "|update|fix|roll|scale|open|file|page|install|enable|disable|connect|instrument|integrate|upgrade)"
            + "|(?:create|write|deploy|restart|delete|scale|configure|install)\\b)"
            + "|\\b(?:write (?:me |a |an |the )?(?:code|script|query|sql|poem|test|function)|tell me a joke"
            + "|set up (?:an? )?(?:alert|dashboard|monitor)|create (?:an? )?(?:alert|dashboard|rule|slo|ticket))\\b");
    private static final Pattern LOGS_WORDS = Pattern.compile("\\blogs?\\b(?!\\s+(?:in|on|out|into)\\b)"
            + "(?:\\s+(?:lines?|records?|messages?|entries|events))?");
    private static final Pattern LOG_SEARCH = Pattern.compile("\\b(?:mention\\w*|contain\\w*|say|says|saying|said"
            + "|with|include\\w*|match\\w*|about|for|find|search\\w*|grep|show|list|text|word|phrase|any|which|where"
            + "|are there|were there|how many|get|look)\\b|[\"'`“”‘’]");
    private static final Pattern LLM = Pattern.compile("\\b(?:llms?|gen ?ai|genai|gpt[\\w.-]*|claude[\\w.-]*|openai"
            + "|anthropic|gemini[\\w.-]*|mistral[\\w.-]*|llama[\\w.-]*|models?|ai|embeddings?|completions?|prompts?)\\b");
    private static final Pattern TOKENS = Pattern.compile("\\btokens?\\b");
    private static final Pattern SPEND = Pattern.compile("\\b(?:costs?|costing|cost us|spend|spent|spending|usage|bill"
            + "|billing|price|pricing|expensive|cheap\\w*|how much|dollars?|usd|calls?|used|use)\\b|\\$");
    private static final Pattern COMPARE = Pattern.compile("\\b(?:compare\\w*|comparison|vs|versus|against|than"
            + "|differ\\w*|better|worse|regress\\w*|previous|prior|older|newer|side by side|between)\\b");
    private static final Pattern VERSION_WORD = Pattern.compile("\\b(?:versions?|releases?|builds?)\\b");
    private static final Pattern TENANT = Pattern.compile("\\b(?:who|tenants?|customers?|accounts?|orgs?|organi[sz]ations?"
            + "|clients?|users?|workspaces?|teams?|merchants?|subscribers?|compan(?:y|ies)|plans?|projects?)\\b");
    private static final Pattern RANKING = Pattern.compile("\\b(?:which|who|whose|most|top|worst|hardest|biggest"
            + "|rank\\w*|heaviest|more)\\b");
    private static final Pattern IMPACT = Pattern.compile("\\b(?:affected|impacted|hit|errors?|failures?|failing|fail"
            + "|failed|slow\\w*|latency|suffer\\w*|problems?|issues?|broken|degraded|hurt|timeouts?|5xx|500s)\\b");
    private static final Pattern HEALTH_WORDS = Pattern.compile("\\b(?:(?:is |are )?(?:anything|everything|something|all"
            + "|things|any(?:thing)? (?:else )?)\\s*(?:wrong|ok|okay|fine|good|normal|broken|on fire|healthy|unusual"
            + "|odd|off|weird|abnormal)|any (?:issues|problems|incidents|anomal\\w+|errors|outages|alerts|trouble)"
            + "|health\\w*|status|how (?:are|is) (?:things|everything|it|the \\w+|\\w+) (?:doing|going|looking)"
            + "|all good|looking (?:ok|okay|good|fine)|anomal\\w*|sanity check|thoughts|overview|what do you see"
            + "|should i (?:be )?worr\\w*)\\b");
    private static final Pattern STRONG_INCIDENT = Pattern.compile("\\b(?:why|what caused|caus\\w*|root cause"
            + "|went wrong|what happened|what changed|what broke|spik\\w*|jump\\w*|start(?:ed|ing)|began|begun"
            + "|since the deploy|outage|incident|regress\\w*|degrad\\w*|investigate|debug|going on|culprit|blame"
            + "|what is wrong|what's wrong|whats wrong|is wrong with|broke|broken)\\b");
    private static final Pattern SLOWEST_WORDS = Pattern.compile("\\b(?:slowest|most slow|longest|highest latenc\\w*"
            + "|worst latenc\\w*|take the most time|takes the most time|top \\d* ?slow\\w*|most time)\\b"
            + "|\\b(?:which|what) (?:endpoints?|routes?|operations?|apis?|pages?|requests?|calls?|queries|spans?"
            + "|handlers?) (?:are|is) (?:the )?slow\\w*\\b|\\bslow(?:est)? (?:endpoints|routes|operations|apis"
            + "|handlers)\\b");
    private static final Pattern PERCENTILE_WORDS = Pattern.compile("\\bp(?:50|75|90|95|99|99\\.9|999)\\b"
            + "|\\b\\d{2}(?:\\.\\d)?(?:th|st|nd|rd)?[ -]percentile\\b|\\bpercentiles?\\b|\\bmedian\\b"
            + "|\\b(?:average|avg|mean)\\b|\\blatenc(?:y|ies)\\b|\\bresponse times?\\b|\\bhow (?:fast|slow|long)\\b"
            + "|\\bdurations?\\b|\\btail\\b");
    private static final Pattern RATE_WORDS = Pattern.compile("\\b(?:error|errors|failure|success|fail|timeout|5xx) ?rates?\\b"
            + "|\\brate of (?:errors|failures|requests|calls)\\b|\\bpercent(?:age)? of (?:the )?(?:requests|calls)"
            + "|\\bhow often\\b|\\b(?:requests?|calls?|spans?) (?:per|a|an|/) ?(?:second|sec|s|minute|min|hour)\\b"
            + "|\\b(?:rps|rpm|qps|throughput|traffic)\\b|\\bwhat (?:share|fraction|proportion|percent\\w*)\\b"
            + "|\\berror (?:ratio|percent\\w*)\\b");
    private static final Pattern COUNT_WORDS = Pattern.compile("\\bhow many\\b|\\bnumber of\\b|\\bcount\\b|\\bcounts\\b"
            + "|\\btotal (?:number|requests|calls|errors|spans|traces)\\b|\\bvolume\\b|\\bhow much (?:traffic|load)\\b");
    private static final Pattern WEAK_INCIDENT = Pattern.compile("\\b(?:slow\\w*|fail\\w*|errors?|erroring|timeouts?"
            + "|timing out|timed out|5xx|500s?|503s?|broken|down|issues?|problems?|wrong|crash\\w*|exceptions?"
            + "|latency|lag\\w*|hang\\w*|stuck|flak\\w*|unavailable|unreachable|declin\\w*|reject\\w*|refus\\w*"
            + "|alert\\w*|page[sd]?|paged|drop\\w*|not working|doesn't work|won't load|high)\\b");

    /** The kind of a question, from its lower-cased text. */
    static QuestionKind of(String text) {
        if (TRACE_ID.matcher(text).find()) {
            return TRACE;
        }
        if (FUTURE.matcher(text).find() || ACTION.matcher(text).find()) {
            return UNKNOWN;
        }
        if (LOGS_WORDS.matcher(text).find() && LOG_SEARCH.matcher(text).find()) {
            return LOGS;
        }
        boolean llm = LLM.matcher(text).find();
        if (TOKENS.matcher(text).find() || llm && SPEND.matcher(text).find() && !WEAK_INCIDENT.matcher(text).find()) {
            return LLM_USAGE;
        }
        long versions = VERSION.matcher(text).results().count();
        if (versions >= 2 || versions == 1 && COMPARE.matcher(text).find()
                || VERSION_WORD.matcher(text).find() && COMPARE.matcher(text).find()) {
            return COMPARE_VERSIONS;
        }
        if (TENANT.matcher(text).find() && RANKING.matcher(text).find() && IMPACT.matcher(text).find()
                && !text.contains("why")) {
            return TOP_TENANT;
        }
        if (HEALTH_WORDS.matcher(text).find() && !text.contains("why")) {
            return HEALTH;
        }
        if (STRONG_INCIDENT.matcher(text).find()) {
            return INCIDENT;
        }
        if (SLOWEST_WORDS.matcher(text).find()) {
            return SLOWEST;
        }
        if (RATE_WORDS.matcher(text).find()) {
            return RATE;
        }
        if (PERCENTILE_WORDS.matcher(text).find()) {
            return PERCENTILE;
        }
        if (COUNT_WORDS.matcher(text).find()) {
            return COUNT;
        }
        if (WEAK_INCIDENT.matcher(text).find()) {
            return INCIDENT;
        }
        return UNKNOWN;
    }

    /** Whether the answer is an investigation of what changed (with the deploy, the attribute and evidence). */
    boolean investigates() {
        return this == INCIDENT || this == HEALTH;
    }
}
