package dev.tracehound.evals.template;

import dev.tracehound.evals.template.Domain.Path;
import java.util.List;
import java.util.function.Function;

/** The businesses scenarios are set in; service names vary within each, by the draw. */
final class Domains {

    private static final List<Function<Draw, Domain>> ALL = List.of(Domains::shop, Domains::bank, Domains::rides,
            Domains::media, Domains::assistant, Domains::logistics);

    private Domains() {
    }

    static Domain any(Draw draw) {
        return draw.pick(ALL).apply(draw);
    }

    private static Domain shop(Draw d) {
        return new Domain("shop", d.pick("storefront", "shop-web"),
                new Path("POST /checkout", "checkout", "orders", d.pick("payments", "billing"), "POST /charge"),
                new Path("GET /search", "product search", "searches", d.pick("catalog", "product-catalog"), "GET /products"),
                new Path("POST /assistant/ask", "the shopping assistant", "assistant answers", "shop-assistant",
                        "POST /answer"),
                new Path("GET /cart", "the cart", "cart pages", d.pick("inventory", "stock"), "GET /stock"),
                "POST /products/import", "payment.provider", List.of("stripe_v2", "adyen", "stripe_v3", "paypal"),
                d.pick("stripe-api", "payment-gateway"), "POST /v1/charges", "charges", "products", "stock_levels",
                d.pick("merchant.id", "shop.id"), tenants(d, "acme-outfitters", "bluebird-books", "northwind", "kestrel-home",
                        "zephyr-sports", "umbra-beauty", "larkspur-toys"));
    }

    private static Domain bank(Draw d) {
        return new Domain("bank", d.pick("bank-api", "banking-gateway"),
                new Path("POST /transfers", "transfers", "transfers", d.pick("ledger", "core-ledger"), "POST /entries"),
                new Path("GET /accounts/{id}", "the account overview", "balance lookups", d.pick("accounts", "account-service"),
                        "GET /balances"),
                new Path("POST /support/chat", "the support chat", "support replies", "support-copilot", "POST /reply"),
                new Path("POST /cards/pay", "card payments", "card payments", d.pick("fraud-check", "risk-engine"),
                        "POST /score"),
                "POST /statements/export", "transfer.rail", List.of("sepa", "swift", "faster_payments", "ach"),
                d.pick("card-network", "visa-gateway"), "POST /authorize", "ledger_entries", "balances", "risk_scores",
                d.pick("customer.id", "corporate.id"), tenants(d, "globex", "initech", "umbrella-co", "stark-industries",
                        "wayne-enterprises", "tyrell-corp", "cyberdyne"));
    }

    private static Domain rides(Draw d) {
        return new Domain("rides", d.pick("rider-api", "mobile-gateway"),
                new Path("POST /rides", "ride booking", "ride requests", d.pick("dispatch", "matching"), "POST /assign"),
                new Path("GET /fares", "fare estimates", "fare quotes", d.pick("pricing", "fare-engine"), "GET /quote"),
                new Path("POST /concierge/ask", "the trip concierge", "concierge replies", "trip-concierge", "POST /suggest"),
                new Path("GET /drivers/nearby", "the driver map", "driver lookups", d.pick("drivers", "fleet"),
                        "GET /nearby"),
                "POST /trips/export", "vehicle.class", List.of("economy", "comfort", "xl", "electric"),
                d.pick("maps-api", "routing-provider"), "GET /v2/route", "ride_assignments", "surge_zones",
                "driver_positions", d.pick("account.id", "business.id"), tenants(d, "acme-travel", "contoso", "fabrikam",
                        "hooli", "vandelay-industries", "soylent", "pied-piper"));
    }

    private static Domain media(Draw d) {
        return new Domain("media", d.pick("media-web", "site-frontend"),
                new Path("POST /uploads", "video uploads", "uploads", d.pick("transcoder", "media-pipeline"), "POST /jobs"),
                new Path("GET /read/{slug}", "article pages", "article pages", d.pick("articles", "content-api"),
                        "GET /articles/{slug}"),
                new Path("POST /summaries", "article summaries", "summaries", "summarizer", "POST /summarize"),
                new Path("GET /comments/{id}", "comments", "comment threads", d.pick("comments", "discussion"),
                        "GET /threads"),
                "POST /feeds/ingest", "transcode.profile", List.of("h264_720p", "h264_1080p", "hevc_4k", "av1_1080p"),
                d.pick("cdn-origin", "object-store"), "PUT /objects", "transcode_jobs", "articles", "comments",
                d.pick("publisher.id", "site.id"), tenants(d, "daily-planet", "gotham-gazette", "daily-bugle",
                        "the-inquirer", "sentinel-news", "morning-chronicle", "evening-herald"));
    }

    private static Domain assistant(Draw d) {
        return new Domain("assistant", d.pick("assistant-gw", "chat-api"),
                new Path("POST /conversations/{id}/messages", "conversations", "messages", d.pick("conversations", "threads"),
                        "POST /messages"),
                new Path("GET /docs/search", "document search", "document searches", d.pick("documents", "knowledge-base"),
                        "GET /documents"),
                new Path("POST /ask", "the assistant", "answers", d.pick("agent-core", "reasoner"), "POST /complete"),
                new Path("GET /usage", "the usage page", "usage reports", d.pick("billing", "metering"), "GET /usage"),
                "POST /batch/embeddings", "tool.name", List.of("web_search", "run_sql", "read_docs", "send_email"),
                d.pick("vector-db", "search-cluster"), "POST /query", "messages", "chunks", "usage_events",
                d.pick("org.id", "workspace.id"), tenants(d, "org-aurora", "org-beacon", "org-cobalt", "org-delta",
                        "org-ember", "org-fjord", "org-granite"));
    }

    private static Domain logistics(Draw d) {
        return new Domain("logistics", d.pick("shipping-api", "logistics-gateway"),
                new Path("POST /shipments", "shipment booking", "shipments", d.pick("labels", "label-service"), "POST /labels"),
                new Path("GET /track/{id}", "parcel tracking", "tracking lookups", d.pick("tracking", "parcel-status"),
                        "GET /track"),
                new Path("POST /customs/classify", "customs classification", "customs declarations", "customs-classifier",
                        "POST /classify"),
                new Path("GET /pickups", "pickup slots", "pickup bookings", d.pick("warehouse", "depot-planner"),
                        "GET /slots"),
                "POST /shipments/bulk", "carrier", List.of("dhl", "ups", "fedex", "postnl"),
                d.pick("carrier-gateway", "freight-broker"), "POST /book", "labels", "tracking_events", "pickup_slots",
                d.pick("shipper.id", "merchant.id"), tenants(d, "acme-retail", "brightmart", "cargolux", "dunder-paper",
                        "freshco", "globo-gym", "initrode"));
    }

    private static List<String> tenants(Draw draw, String... names) {
        return draw.sample(List.of(names), draw.between(5, 6));
    }
}
