package dev.tracehound.devstripe;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar dev-stripe-<version>-exec.jar --port=12111 --webhook-secret=whsec_... --webhook-url=http://...
 * [--secret-key=sk_test_...]}: runs the stub until stopped, printing its URL once it listens.
 */
public final class StripeStubMain {

    private StripeStubMain() {}

    public static void main(String[] args) throws InterruptedException {
        // One line per log record (deliveries, retries) in the stub's log, unless the caller chose a format.
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tF %1$tT %4$s %5$s%6$s%n");
        }
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                usage("not an option: " + arg);
            }
            options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        for (String name : options.keySet()) {
            if (!List.of("port", "webhook-secret", "webhook-url", "secret-key").contains(name)) {
                usage("unknown option --" + name);
            }
        }
        String secret = options.get("webhook-secret");
        if (secret == null || secret.isBlank()) {
            usage("--webhook-secret is required (the service's TRACEHOUND_BILLING_STRIPE_WEBHOOK_SECRET)");
        }
        int port = 12111;
        try {
            port = Integer.parseInt(options.getOrDefault("port", "12111"));
        } catch (NumberFormatException e) {
            usage("--port is a number");
        }
        String secretKey = options.get("secret-key");
        StripeStub stub = StripeStub.start(new StripeStub.Settings(port, secret, options.get("webhook-url"),
                secretKey == null || secretKey.isBlank() ? null : secretKey));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stub.close();
            stopped.countDown();
        }));
        System.out.println("Development Stripe stub listening at " + stub.apiBase()
                + " (webhooks to " + (options.get("webhook-url") == null ? "nowhere yet" : options.get("webhook-url"))
                + "; API key " + (secretKey == null ? "any sk_test_..." : "as given") + "; not for production)");
        System.out.flush();
        stopped.await();
    }

    private static void usage(String problem) {
        System.err.println("dev-stripe: " + problem);
        System.err.println("usage: java -jar dev-stripe-<version>-exec.jar --webhook-secret=whsec_... [--port=12111]"
                + " [--webhook-url=http://localhost:8080/webhooks/stripe] [--secret-key=sk_test_...]");
        System.exit(2);
    }
}
