package dev.tracehound.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Clocks inside the service, added by bench/auth when it starts the service in its JVM (the
 * service itself has none of this). Spring Security runs as one web filter,
 * {@code WebFilterChainProxy}, at order {@value #SECURITY_ORDER}; around it:
 * <ul>
 * <li>at the highest precedence, before every other web filter, the request's server time starts,
 * and it ends when the response is written;</li>
 * <li>at {@value #SECURITY_ORDER} - 1, just before the security chain, and at
 * {@value #SECURITY_ORDER} + 1, just after it (where the handler's side begins): the time between
 * the two on the way in, plus the time between them on the way out, is the security chain's;</li>
 * <li>each filter of the security chain is wrapped to note when it was entered, so the time from
 * entering one to entering the next says which filter the chain's time went to.</li>
 * </ul>
 * A request is recorded only when it carries {@link #BATCH_HEADER}, into the {@link Batch} of that
 * name, and only when it was answered with 200.
 */
@Configuration(proxyBeanMethods = false)
class SecurityClock {

    static final String BATCH_HEADER = "x-bench-batch";
    /** {@code WebFluxSecurityConfiguration.WEB_FILTER_CHAIN_FILTER_ORDER}. */
    static final int SECURITY_ORDER = -100;
    private static final String STAMPS = SecurityClock.class.getName() + ".stamps";

    /** The batches being recorded, by name; shared with the benchmark, which runs the service in its JVM. */
    static final Map<String, Batch> BATCHES = new ConcurrentHashMap<>();
    /** The security chain's filters in their order, as wrapped. */
    static final List<String> FILTER_NAMES = new ArrayList<>();

    /** One request's clock readings (nanoTime). */
    private static final class Stamps {
        final long serverIn = System.nanoTime();
        long securityIn;
        long handlerSideIn;
        long handlerSideOut;
        long securityOut;
        final long[] filterIn;

        Stamps(int filters) {
            filterIn = new long[filters];
        }
    }

    @Bean
    WebFilter serverTime() {
        return new Clocked(Ordered.HIGHEST_PRECEDENCE, (exchange, chain) -> {
            String batch = exchange.getRequest().getHeaders().getFirst(BATCH_HEADER);
            if (batch == null) {
                return chain.filter(exchange);
            }
            var stamps = new Stamps(FILTER_NAMES.size());
            exchange.getAttributes().put(STAMPS, stamps);
            return chain.filter(exchange).doOnSuccess(done -> record(batch, exchange, stamps));
        });
    }

    @Bean
    WebFilter beforeSecurity() {
        return new Clocked(SECURITY_ORDER - 1, (exchange, chain) -> {
            Stamps stamps = exchange.getAttribute(STAMPS);
            if (stamps == null) {
                return chain.filter(exchange);
            }
            stamps.securityIn = System.nanoTime();
            // doOnSuccess runs before the completion goes on outwards, so this reading precedes serverTime's.
            return chain.filter(exchange).doOnSuccess(done -> stamps.securityOut = System.nanoTime());
        });
    }

    @Bean
    WebFilter afterSecurity() {
        return new Clocked(SECURITY_ORDER + 1, (exchange, chain) -> {
            Stamps stamps = exchange.getAttribute(STAMPS);
            if (stamps == null) {
                return chain.filter(exchange);
            }
            stamps.handlerSideIn = System.nanoTime();
            return chain.filter(exchange).doOnSuccess(done -> stamps.handlerSideOut = System.nanoTime());
        });
    }

    /** Wraps the service's security chain so each of its filters notes when it is entered. */
    @Bean
    static BeanPostProcessor securityFilterClocks() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                return bean instanceof SecurityWebFilterChain chain ? clocked(chain) : bean;
            }
        };
    }

    private static SecurityWebFilterChain clocked(SecurityWebFilterChain chain) {
        List<WebFilter> filters = chain.getWebFilters().collectList().block();
        var clocked = new ArrayList<WebFilter>();
        synchronized (FILTER_NAMES) {
            if (!FILTER_NAMES.isEmpty()) {
                throw new IllegalStateException("bench/auth clocks one security chain; the service has several");
            }
            for (WebFilter filter : filters) {
                int index = FILTER_NAMES.size();
                FILTER_NAMES.add(nameOf(filter));
                clocked.add((exchange, next) -> {
                    Stamps stamps = exchange.getAttribute(STAMPS);
                    if (stamps != null) {
                        stamps.filterIn[index] = System.nanoTime();
                    }
                    return filter.filter(exchange, next);
                });
            }
        }
        return new SecurityWebFilterChain() {
            @Override
            public Mono<Boolean> matches(ServerWebExchange exchange) {
                return chain.matches(exchange);
            }

            @Override
            public Flux<WebFilter> getWebFilters() {
                return Flux.fromIterable(clocked);
            }
        };
    }

    /** The filter's class, or for a lambda the class that made it. */
    private static String nameOf(WebFilter filter) {
        String name = filter.getClass().getSimpleName();
        int lambda = name.indexOf("$$Lambda");
        return lambda > 0 ? name.substring(0, lambda) + " (lambda)" : name;
    }

    private static void record(String batchName, ServerWebExchange exchange, Stamps stamps) {
        Batch batch = BATCHES.get(batchName);
        var status = exchange.getResponse().getStatusCode();
        if (batch == null || status == null || status.value() != 200 || stamps.handlerSideIn == 0) {
            return;
        }
        long serverOut = System.nanoTime();
        long security = (stamps.handlerSideIn - stamps.securityIn) + (stamps.securityOut - stamps.handlerSideOut);
        long[] steps = new long[stamps.filterIn.length + 2];
        long from = stamps.securityIn;
        for (int i = 0; i < stamps.filterIn.length; i++) {
            steps[i] = stamps.filterIn[i] == 0 ? 0 : stamps.filterIn[i] - from;
            from = stamps.filterIn[i] == 0 ? from : stamps.filterIn[i];
        }
        steps[stamps.filterIn.length] = stamps.handlerSideIn - from;
        steps[stamps.filterIn.length + 1] = stamps.securityOut - stamps.handlerSideOut;
        batch.add(serverOut - stamps.serverIn, security, steps);
    }

    /** A web filter with an order, so WebFlux sorts it among the service's own. */
    private record Clocked(int order, WebFilter filter) implements WebFilter, Ordered {

        @Override
        public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
            return Mono.defer(() -> filter.filter(exchange, chain));
        }

        @Override
        public int getOrder() {
            return order;
        }
    }

    /** What the server measured for one batch of requests. */
    static final class Batch {
        private final long[] server;
        private final long[] security;
        private final long[][] steps;
        private int size;

        Batch(int capacity) {
            server = new long[capacity];
            security = new long[capacity];
            steps = new long[capacity][];
        }

        synchronized void add(long serverNanos, long securityNanos, long[] stepNanos) {
            if (size < server.length) {
                server[size] = serverNanos;
                security[size] = securityNanos;
                steps[size] = stepNanos;
                size++;
            }
        }

        synchronized int size() {
            return size;
        }

        /** Server time per request, with the security chain. */
        synchronized long[] server() {
            return Arrays.copyOf(server, size);
        }

        /** The security chain's time per request. */
        synchronized long[] security() {
            return Arrays.copyOf(security, size);
        }

        /** Server time per request less the security chain's: the same requests with security off. */
        synchronized long[] withoutSecurity() {
            long[] without = new long[size];
            for (int i = 0; i < size; i++) {
                without[i] = server[i] - security[i];
            }
            return without;
        }

        /** Per request, the time of step {@code index}: Spring Security's proxy, a filter of the chain each, the way out. */
        synchronized long[] step(int index) {
            return Arrays.stream(steps, 0, size).mapToLong(request -> request[index])
                    .filter(nanos -> nanos >= 0).toArray();
        }
    }
}
