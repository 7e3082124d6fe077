package dev.tracehound.agent.offline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The kinds of question people ask, in the words they use: not one phrasing per kind. */
class QuestionKindTest {

    private static final Instant NOW = Instant.parse("2026-01-15T11:30:00Z");

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            Why is checkout slow since this morning?                               | INCIDENT
            What went wrong in the last two hours?                                 | INCIDENT
            What is wrong?                                                         | INCIDENT
            what's wrong with payments                                             | INCIDENT
            refunds started failing                                                | INCIDENT
            Why are product pages slow?                                            | INCIDENT
            checkout is throwing 500s                                              | INCIDENT
            customers say the search page won't load                               | INCIDENT
            Why did the error rate of POST /refunds jump after lunch?              | INCIDENT
            the p99 of search spiked an hour ago, what caused it?                  | INCIDENT
            login keeps timing out                                                 | INCIDENT
            what changed in the last hour?                                         | INCIDENT
            Is anything wrong right now?                                           | HEALTH
            is everything ok?                                                      | HEALTH
            Any issues in the last hour?                                           | HEALTH
            how are things looking today?                                          | HEALTH
            are all services healthy?                                              | HEALTH
            quick health check please                                              | HEALTH
            hmm, thoughts?                                                         | HEALTH
            should I be worried about anything?                                    | HEALTH
            How many requests did checkout serve in the last hour?                 | COUNT
            how many errors did payments have today                                | COUNT
            number of spans from inventory yesterday                               | COUNT
            Count the traces in the last 30 minutes                                | COUNT
            how many checkouts happened since 9:00?                                | COUNT
            What's the error rate of POST /refunds?                                | RATE
            error rate for checkout over the past 6 hours                          | RATE
            how often does the payments service fail?                              | RATE
            what percentage of requests to /cart fail?                             | RATE
            requests per second on the frontend                                    | RATE
            what's the throughput of inventory?                                    | RATE
            p99 latency of the search service?                                     | PERCENTILE
            What is the median response time of GET /product/{id}?                 | PERCENTILE
            average latency of checkout today                                      | PERCENTILE
            how fast is the recommendation service?                                | PERCENTILE
            95th percentile duration for payments in the last hour                 | PERCENTILE
            what's p95 for /checkout                                               | PERCENTILE
            What are the slowest endpoints?                                        | SLOWEST
            which routes are the slowest this week?                                | SLOWEST
            show me the top 5 slow endpoints of checkout                           | SLOWEST
            which operations take the most time?                                   | SLOWEST
            highest latency endpoints in the last hour                             | SLOWEST
            How much did we spend on LLM calls today?                              | LLM_USAGE
            LLM token spend by model                                               | LLM_USAGE
            which model costs us the most?                                         | LLM_USAGE
            how many tokens did gpt-4o-mini use yesterday?                         | LLM_USAGE
            what's our OpenAI bill this week                                       | LLM_USAGE
            token usage per service                                                | LLM_USAGE
            Explain this trace 4bf92f3577b34da6a3ce929d0e0e4736                    | TRACE
            why is trace 4BF92F3577B34DA6A3CE929D0E0E4736 so slow?                 | TRACE
            what happened in 0af7651916cd43dd8448eb211c80319c                      | TRACE
            find the logs that mention timeout                                     | LOGS
            any log lines containing 'connection refused' in the last hour?        | LOGS
            search the logs for deadlock                                           | LOGS
            show me error logs from checkout                                       | LOGS
            which log messages say "card declined"?                                | LOGS
            How does 2.4.0 compare to 2.3.1 for checkout?                          | COMPARE_VERSIONS
            checkout 2.3.1 vs 2.3.0                                                | COMPARE_VERSIONS
            is v1.15.0 of the frontend worse than the previous version?            | COMPARE_VERSIONS
            compare the versions of payments                                       | COMPARE_VERSIONS
            Which tenant is most affected?                                         | TOP_TENANT
            which customer sees the most errors?                                   | TOP_TENANT
            what accounts are hit hardest by the slowdown?                         | TOP_TENANT
            which org has the most failing requests today?                         | TOP_TENANT
            who is most affected by the checkout errors?                           | TOP_TENANT
            What will traffic be next Tuesday?                                     | UNKNOWN
            forecast the error rate for tomorrow                                   | UNKNOWN
            write me a SQL query for slow spans                                    | UNKNOWN
            how do I configure alerting for checkout?                              | UNKNOWN
            tell me a joke                                                         | UNKNOWN
            what's the capital of France?                                          | UNKNOWN
            can you restart the payments pods?                                     | UNKNOWN
            """)
    void aQuestionIsReadAsTheKindItAsks(String question, QuestionKind kind) {
        assertThat(Asked.of(question, NOW).kind()).isEqualTo(kind);
    }
}
