package dev.tracehound.demo;

/** The shop's services: who they are, what they run on, and how they are instrumented. */
enum Service {
    FRONTEND("frontend", "1.14.2", Language.NODEJS, 3, "frontend.RequestHandler", "shop-frontend"),
    CHECKOUT("checkout", "2.3.0", Language.JAVA, 3, "dev.shop.checkout.OrderService", "dev.shop.checkout"),
    PAYMENTS("payments", "0.9.7", Language.GO, 2, "payments/charge", "github.com/shop/payments"),
    INVENTORY("inventory", "3.1.0", Language.JAVA, 2, "dev.shop.inventory.StockService", "dev.shop.inventory"),
    RECOMMENDATION("recommendation", "2.0.4", Language.PYTHON, 2, "recommendation.service", "recommendation.ranking");

    final String serviceName;
    /** The version running when no incident says otherwise. */
    final String baselineVersion;
    final Language language;
    final int replicas;
    final String loggerName;
    /** The tracer of the service's own, hand-written spans. */
    final Scope tracer;

    Service(String serviceName, String baselineVersion, Language language, int replicas, String loggerName,
            String tracerName) {
        this.serviceName = serviceName;
        this.baselineVersion = baselineVersion;
        this.language = language;
        this.replicas = replicas;
        this.loggerName = loggerName;
        this.tracer = new Scope(tracerName, baselineVersion);
    }

    String clusterAddress() {
        return serviceName + ".shop.svc.cluster.local";
    }

    Scope scope(Instrumentation instrumentation) {
        return language.scope(instrumentation);
    }

    enum Instrumentation { HTTP_SERVER, HTTP_CLIENT, GRPC, POSTGRES, REDIS }

    /** An instrumentation scope: the library that produced a span. */
    record Scope(String name, String version) {
    }

    enum Language {
        JAVA("java", "1.49.0"),
        NODEJS("nodejs", "1.30.1"),
        GO("go", "1.35.0"),
        PYTHON("python", "1.31.1");

        final String sdkLanguage;
        final String sdkVersion;

        Language(String sdkLanguage, String sdkVersion) {
            this.sdkLanguage = sdkLanguage;
            this.sdkVersion = sdkVersion;
        }

        Scope scope(Instrumentation instrumentation) {
            return switch (this) {
                case JAVA -> switch (instrumentation) {
                    case HTTP_SERVER -> JAVA_HTTP_SERVER;
                    case HTTP_CLIENT -> JAVA_HTTP_CLIENT;
                    case GRPC -> JAVA_GRPC;
                    case POSTGRES -> JAVA_JDBC;
                    case REDIS -> JAVA_LETTUCE;
                };
                case NODEJS -> switch (instrumentation) {
                    case HTTP_SERVER, HTTP_CLIENT -> NODE_HTTP;
                    case GRPC -> NODE_GRPC;
                    case POSTGRES -> NODE_PG;
                    case REDIS -> NODE_IOREDIS;
                };
                case GO -> switch (instrumentation) {
                    case HTTP_SERVER, HTTP_CLIENT -> GO_HTTP;
                    case GRPC -> GO_GRPC;
                    case POSTGRES -> GO_SQL;
                    case REDIS -> GO_REDIS;
                };
                case PYTHON -> switch (instrumentation) {
                    case HTTP_SERVER -> PYTHON_HTTP_SERVER;
                    case HTTP_CLIENT -> PYTHON_HTTP_CLIENT;
                    case GRPC -> PYTHON_GRPC;
                    case POSTGRES -> PYTHON_PSYCOPG;
                    case REDIS -> PYTHON_REDIS;
                };
            };
        }

        private static final String JAVA_AGENT = "2.15.0-alpha";
        private static final Scope JAVA_HTTP_SERVER = new Scope("io.opentelemetry.tomcat-10.0", JAVA_AGENT);
        private static final Scope JAVA_HTTP_CLIENT = new Scope("io.opentelemetry.java-http-client", JAVA_AGENT);
        private static final Scope JAVA_GRPC = new Scope("io.opentelemetry.grpc-1.6", JAVA_AGENT);
        private static final Scope JAVA_JDBC = new Scope("io.opentelemetry.jdbc", JAVA_AGENT);
        private static final Scope JAVA_LETTUCE = new Scope("io.opentelemetry.lettuce-5.1", JAVA_AGENT);
        private static final Scope NODE_HTTP = new Scope("@opentelemetry/instrumentation-http", "0.57.2");
        private static final Scope NODE_GRPC = new Scope("@opentelemetry/instrumentation-grpc", "0.57.2");
        private static final Scope NODE_PG = new Scope("@opentelemetry/instrumentation-pg", "0.51.0");
        private static final Scope NODE_IOREDIS = new Scope("@opentelemetry/instrumentation-ioredis", "0.47.0");
        private static final Scope GO_HTTP = new Scope("go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp", "0.60.0");
        private static final Scope GO_GRPC =
                new Scope("go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc", "0.60.0");
        private static final Scope GO_SQL = new Scope("github.com/XSAM/otelsql", "0.38.0");
        private static final Scope GO_REDIS = new Scope("github.com/redis/go-redis/extra/redisotel", "9.7.3");
        private static final Scope PYTHON_HTTP_SERVER = new Scope("opentelemetry.instrumentation.flask", "0.52b1");
        private static final Scope PYTHON_HTTP_CLIENT = new Scope("opentelemetry.instrumentation.httpx", "0.52b1");
        private static final Scope PYTHON_GRPC = new Scope("opentelemetry.instrumentation.grpc", "0.52b1");
        private static final Scope PYTHON_PSYCOPG = new Scope("opentelemetry.instrumentation.psycopg", "0.52b1");
        private static final Scope PYTHON_REDIS = new Scope("opentelemetry.instrumentation.redis", "0.52b1");
    }
}
