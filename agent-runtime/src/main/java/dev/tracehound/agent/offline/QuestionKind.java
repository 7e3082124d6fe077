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
    static final Pattern TENANT = Pattern.compile("\\b(?:who|tenants?|customers?|accounts?|orgs?|organi[sz]ations?"
            + "|clients?|users?|workspaces?|teams?|merchants?|subscribers?|compan(?:y|ies)|plans?|projects?|publishers?"
            + "|partners?|sellers?|vendors?|buyers?|members?|brands?|shops?|stores?|schools?|agenc(?:y|ies))\\b");
    private static final Pattern RANKING = Pattern.compile("\\b(?:which|who|whose|most|top|worst|worse|hardest|biggest"
            + "|rank\\w*|heaviest|more|busiest|largest|one|single|particular)\\b");
    private static final Pattern IMPACT = Pattern.compile("\\b(?:affected|impacted|hit|errors?|failures?|failing|fail"
            + "|failed|slow\\w*|latency|suffer\\w*|problems?|issues?|broken|degraded|hurt|timeouts?|5xx|500s)\\b");
    /** How much a tenant sends rather than how it suffers: ranked by its requests. */
    static final Pattern VOLUME = Pattern.compile("\\b(?:sends?|sent|sending|busiest|heaviest|uses?|using|usage"
            + "|volume|traffic|load|requests|calls|most active)\\b");
    private static final java.util.Set<String> NO_TENANT = java.util.Set.of("service", "endpoint", "route", "operation",
            "page", "host", "region", "version", "model", "pod", "node", "database", "query", "querie", "span", "trace",
            "instance", "zone", "api", "call", "request", "dependency", "dependencie", "release", "deploy");
    private static final Pattern HEALTH_WORDS = Pattern.compile("\\b(?:(?:is |are )?(?:anything|everything|all"
            + "|things|any(?:thing)? (?:else )?)\\s*(?:wrong|ok|okay|fine|good|normal|broken|on fire|healthy|unusual"
            + "|odd|off|weird|abnormal)|any (?:issues|problems|incidents|anomal\\w+|errors|outages|alerts|trouble)"
            + "|health\\w*|how (?:are|is) (?:things|everything|it|the \\w+|\\w+) (?:doing|going|looking)"
            + "|all good|looking (?:ok|okay|good|fine)|anomal\\w*|sanity check|thoughts|what do you see"
            + "|should i (?:be )?worr\\w*)\\b|(?<![\\w.-])status(?![\\w.-])");
    /** Says that something is wrong without saying what: an incident hunt, not a health check. */
    private static final Pattern SOMETHING_WRONG = Pattern.compile("\\bsomething(?:'s| is| seems| looks| feels)?"
            + " (?:off|wrong|broken|weird|odd|strange|not right|up)\\b");
    /** Says a figure went up or asks why it did: with LLM spend, an incident hunt over the usage. */
    private static final Pattern WENT_UP = Pattern.compile("\\b(?:why|what changed|what happened|way up|went up"
            + "|goes up|gone up|spik\\w*|jump\\w*|sudden\\w*|increas\\w*|grew|grown|doubl\\w*|tripl\\w*|a lot more"
            + "|so many|so much|burn\\w*|explod\\w*|skyrocket\\w*|higher than)\\b");
    /** The newest release asked about with a figure it may have changed: two versions to compare. */
    private static final Pattern LATEST_RELEASE = Pattern.compile("\\b(?:latest|last|new|newest|recent|current)"
            + " (?:release|version|deploy\\w*|build|rollout)\\b");
    private static final Pattern A_FIGURE = Pattern.compile("\\bp\\d{2,3}\\b|\\b(?:latenc\\w*|error rate|errors"
            + "|performance|slower|faster|better|worse|regress\\w*|compare\\w*|durations?|throughput)\\b");
    /** "Which publisher is most affected?": whatever the data calls its tenants. */
    private static final Pattern WHICH_IS_MOST_AFFECTED = Pattern.compile("\\b(?:which|what)\\s+([a-z]+?)s?"
            + "\\s+(?:is|are|was|were|has|have|gets?|got)\\s+(?:been\\s+)?(?:the\\s+)?(?:most|hardest|worst)"
            + "(?:\\s+(?:affected|impacted|hit))?\\b");
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
            + "|alert\\w*|page[sd]?|paged|drop\\w*|not working|doesn't work|won't load|high|affected|impacted)\\b");

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
        if (llmSpend(text)) {
            return WENT_UP.matcher(text).find() ? INCIDENT : LLM_USAGE;
        }
        long versions = VERSION.matcher(text).results().count();
        if (versions >= 2 || versions == 1 && COMPARE.matcher(text).find()
                || VERSION_WORD.matcher(text).find() && COMPARE.matcher(text).find()
                || LATEST_RELEASE.matcher(text).find() && A_FIGURE.matcher(text).find() && !text.contains("why")) {
            return COMPARE_VERSIONS;
        }
        if (!text.contains("why") && (TENANT.matcher(text).find() && RANKING.matcher(text).find()
                && (IMPACT.matcher(text).find() || VOLUME.matcher(text).find()) || tenantCalled(text).isPresent())) {
            return TOP_TENANT;
        }
        if (SOMETHING_WRONG.matcher(text).find()) {
            return INCIDENT;
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

    /** Whether the question is about LLM tokens or what LLM calls cost. */
    static boolean llmSpend(String text) {
        return TOKENS.matcher(text).find()
                || LLM.matcher(text).find() && SPEND.matcher(text).find() && !WEAK_INCIDENT.matcher(text).find();
    }

    /** What "which X is most affected" calls a tenant, when X is no part of the system (a service, a page …). */
    static java.util.Optional<String> tenantCalled(String text) {
        java.util.regex.Matcher which = WHICH_IS_MOST_AFFECTED.matcher(text);
        while (which.find()) {
            if (!NO_TENANT.contains(which.group(1))) {
                return java.util.Optional.of(which.group(1));
            }
        }
        return java.util.Optional.empty();
    }

    /** Whether the answer is an investigation of what changed (with the deploy, the attribute and evidence). */
    boolean investigates() {
        return this == INCIDENT || this == HEALTH;
    }
}
