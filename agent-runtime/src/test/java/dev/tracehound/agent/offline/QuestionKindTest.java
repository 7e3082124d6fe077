package dev.tracehound.agent.offline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
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
            something seems off with the API since noon                            | INCIDENT
            Why did our OpenAI spend double yesterday?                             | INCIDENT
            the assistant suddenly burns way more tokens, what changed?            | INCIDENT
            which service is most affected?                                        | INCIDENT
            what's the status of the order-status service?                         | HEALTH
            did the newest build make the p99 worse?                               | COMPARE_VERSIONS
            which partners send the most traffic?                                  | TOP_TENANT
            which school is hit hardest?                                           | TOP_TENANT
            is one merchant seeing worse latency than the others?                  | TOP_TENANT
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

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            What's the error rate of POST /refunds?          | POST /refunds
            what's p95 for /checkout                         | /checkout
            median latency of get /product/{id} today        | GET /product/{id}
            how many requests hit /api/v2/orders.            | /api/v2/orders
            """)
    void theEndpointAQuestionNamesIsReadWithItsMethod(String question, String route) {
        assertThat(Asked.of(question, NOW).route()).contains(route);
    }

    @Test
    void versionsAreReadAsWrittenButDurationsAreNoVersions() {
        assertThat(Asked.of("How does 2.4.0 compare to v2.3.1 for checkout?", NOW).versions())
                .containsExactly("2.4.0", "2.3.1");
        assertThat(Asked.of("is 1.15.0-rc.1 worse than the previous version?", NOW).versions())
                .containsExactly("1.15.0-rc.1");
        assertThat(Asked.of("how many requests took over 1.5 seconds?", NOW).versions()).isEmpty();
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            find the logs that mention timeout                               | timeout
            any log lines containing 'connection refused' in the last hour?  | connection refused
            search the logs for deadlock                                     | deadlock
            which log messages say "card declined"?                          | card declined
            logs mentioning payment failed since 9:00                        | payment failed
            show me logs with the word OutOfMemoryError                      | OutOfMemoryError
            Find logs mentioning ERR-42. Which service writes them?           | ERR-42
            """)
    void aLogSearchIsForTheWordsTheQuestionQuotesOrMentions(String question, String text) {
        assertThat(Asked.of(question, NOW).searchText()).contains(text);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            p99 latency of the search service?                      | p99
            95th percentile duration for payments                   | p95
            What is the median response time of GET /product/{id}?  | p50
            average latency of checkout today                       | avg
            how fast is the recommendation service?                 | all
            """)
    void thePercentileAskedIsReadFromItsName(String question, String measure) {
        assertThat(Asked.of(question, NOW).measure()).isEqualTo(measure);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            refunds started failing                   | errors
            why is search slow?                       | latency
            what went wrong in the last two hours?    | ''
            checkout is slow and throwing errors      | ''
            """)
    void theSymptomAnIncidentQuestionNamesIsRead(String question, String symptom) {
        assertThat(Asked.of(question, NOW).measure()).isEqualTo(symptom);
    }

    @Test
    void theWordsOfAFeatureAreKeptAndCommonWordsAreNot() {
        assertThat(Asked.of("refunds started failing", NOW).topicWords()).containsExactly("refund");
        assertThat(Asked.of("Why are product pages slow?", NOW).topicWords()).containsExactly("product");
        assertThat(Asked.of("What went wrong in the last two hours?", NOW).topicWords()).isEmpty();
        assertThat(Asked.of("Which org has the most failing requests today?", NOW).tenantWord()).contains("org");
        assertThat(Asked.of("which customers are hit hardest?", NOW).tenantWord()).contains("customer");
    }

    @Test
    void aFollowUpTakesTheKindOfTheQuestionBeforeAndItsOwnTime() {
        Asked asked = Asked.of("and what about the last 2 hours?",
                java.util.Optional.of("How many requests did checkout serve today?"), NOW);

        assertThat(asked.kind()).isEqualTo(QuestionKind.COUNT);
        assertThat(asked.window().from()).isEqualTo(Instant.parse("2026-01-15T09:30:00Z"));
        assertThat(Asked.of("tell me a joke", java.util.Optional.of("How many requests today?"), NOW).kind())
                .isEqualTo(QuestionKind.UNKNOWN);
    }

    @Test
    void anAutomatedInvestigationIsAnIncidentHuntWhateverItsWords() {
        assertThat(Asked.of("""
                How many errors did checkout have since 09:19 UTC?
                End your answer with these four lines:
                Summary: <one sentence>
                Suspected cause: <the most likely cause, or "unknown">
                Confidence: high|medium|low
                Not determined: <what you could not check>""", NOW).kind()).isEqualTo(QuestionKind.INCIDENT);
    }
}
