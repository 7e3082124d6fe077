package dev.tracehound.devstripe;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The stub's HTML: the checkout page, the billing portal, a hosted invoice. Plain, accessible
 * pages (a language, a title, one main landmark, headed tables, named links and buttons).
 */
final class Pages {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);
    private static final String STYLE = """
            body{font-family:system-ui,sans-serif;color:#1a1a1a;background:#fff;margin:0}
            main{max-width:42rem;margin:2rem auto;padding:0 1rem}
            table{border-collapse:collapse;width:100%;margin:1rem 0}
            caption{text-align:left;font-weight:600;padding:.25rem 0}
            th,td{border-bottom:1px solid #ccc;padding:.4rem;text-align:left}
            button{font:inherit;background:#3b2fb8;color:#fff;border:0;border-radius:4px;padding:.6rem 1.6rem;cursor:pointer}
            button:focus-visible,a:focus-visible{outline:3px solid #f5a300;outline-offset:2px}
            a{color:#2a1f9e}
            .note{background:#fff4d6;padding:.5rem .75rem;border-radius:4px}""";

    private Pages() {}

    static String checkout(StubState state, ObjectNode session, JsonNode lines) {
        StringBuilder body = new StringBuilder();
        body.append("<h1>Subscribe</h1>\n");
        body.append("<p class=\"note\">Development Stripe stub: no card is asked for and nothing is charged.</p>\n");
        String email = customerEmail(state, session);
        if (email != null) {
            body.append("<p>Customer: ").append(escape(email)).append("</p>\n");
        }
        body.append("<table>\n<caption>Your subscription</caption>\n")
                .append("<thead><tr><th scope=\"col\">Item</th><th scope=\"col\">Price</th><th scope=\"col\">Quantity</th></tr></thead>\n<tbody>\n");
        for (JsonNode line : lines) {
            ObjectNode price = state.price(line.get("price").asString());
            body.append("<tr><td>").append(escape(productName(state, price))).append("</td><td>")
                    .append(escape(priceLabel(price))).append("</td><td>")
                    .append(line.has("quantity") ? line.get("quantity").asString() : "by usage").append("</td></tr>\n");
        }
        body.append("</tbody>\n</table>\n");
        String currency = session.get("currency").asString();
        body.append("<p>Due today: <strong>").append(escape(money(BigDecimal.valueOf(session.get("amount_total").asLong()), currency)))
                .append("</strong></p>\n");
        String id = session.get("id").asString();
        if ("open".equals(session.get("status").asString())) {
            body.append("<form method=\"post\" action=\"/checkout/").append(escape(id)).append("/pay\">\n")
                    .append("<button type=\"submit\" data-testid=\"pay\">Pay</button>\n</form>\n");
            String cancel = Json.text(session, "cancel_url");
            if (cancel != null) {
                body.append("<p><a href=\"").append(escape(cancel)).append("\" data-testid=\"cancel\">Cancel</a></p>\n");
            }
        } else {
            body.append("<p role=\"status\">This checkout session is ").append(escape(session.get("status").asString()))
                    .append(".</p>\n<p><a href=\"").append(escape(successUrl(session)))
                    .append("\">Back to the site</a></p>\n");
        }
        return page("Checkout", body);
    }

    static String portal(StubState state, ObjectNode portalSession) {
        String customerId = portalSession.get("customer").asString();
        ObjectNode customer = state.customer(customerId);
        StringBuilder body = new StringBuilder("<h1>Billing</h1>\n");
        body.append("<p class=\"note\">Development Stripe stub: payment methods cannot be changed here.</p>\n");
        body.append("<p>Customer: ").append(escape(orElse(Json.text(customer, "name"), customerId)));
        String email = Json.text(customer, "email");
        if (email != null) {
            body.append(" (").append(escape(email)).append(")");
        }
        body.append("</p>\n<h2>Subscriptions</h2>\n");
        List<ObjectNode> subscriptions = state.subscriptions.values().stream()
                .filter(s -> customerId.equals(s.get("customer").asString())).toList().reversed();
        if (subscriptions.isEmpty()) {
            body.append("<p>No subscriptions.</p>\n");
        } else {
            body.append("<ul>\n");
            for (ObjectNode subscription : subscriptions) {
                body.append("<li>").append(escape(subscription.get("id").asString())).append(": ")
                        .append(escape(subscription.get("status").asString())).append("</li>\n");
            }
            body.append("</ul>\n");
        }
        body.append("<h2>Invoices</h2>\n");
        List<ObjectNode> invoices = state.invoices.values().stream()
                .filter(i -> customerId.equals(i.get("customer").asString())).toList().reversed();
        if (invoices.isEmpty()) {
            body.append("<p>No invoices.</p>\n");
        } else {
            body.append("<table>\n<caption>Invoices, newest first</caption>\n<thead><tr><th scope=\"col\">Number</th>")
                    .append("<th scope=\"col\">Date</th><th scope=\"col\">Status</th><th scope=\"col\">Total</th></tr></thead>\n<tbody>\n");
            for (ObjectNode invoice : invoices) {
                String number = invoice.get("number").asString();
                body.append("<tr><td><a href=\"").append(escape(invoice.get("hosted_invoice_url").asString())).append("\">")
                        .append(escape(number)).append("</a></td><td>").append(day(invoice.get("created").asLong()))
                        .append("</td><td>").append(escape(invoice.get("status").asString())).append("</td><td>")
                        .append(escape(money(BigDecimal.valueOf(invoice.get("total").asLong()), invoice.get("currency").asString())))
                        .append("</td></tr>\n");
            }
            body.append("</tbody>\n</table>\n");
        }
        String returnUrl = Json.text(portalSession, "return_url");
        if (returnUrl != null) {
            body.append("<p><a href=\"").append(escape(returnUrl)).append("\" data-testid=\"portal-return\">Return</a></p>\n");
        }
        return page("Billing portal", body);
    }

    static String invoice(ObjectNode invoice) {
        String currency = invoice.get("currency").asString();
        StringBuilder body = new StringBuilder("<h1>Invoice ").append(escape(invoice.get("number").asString())).append("</h1>\n");
        body.append("<p>Status: ").append(escape(invoice.get("status").asString())).append(". Issued ")
                .append(day(invoice.get("created").asLong())).append(".</p>\n");
        body.append("<table>\n<caption>Lines</caption>\n<thead><tr><th scope=\"col\">Description</th><th scope=\"col\">Period</th>")
                .append("<th scope=\"col\">Amount</th></tr></thead>\n<tbody>\n");
        for (JsonNode line : invoice.path("lines").path("data")) {
            body.append("<tr><td>").append(escape(line.get("description").asString())).append("</td><td>")
                    .append(day(line.path("period").path("start").asLong())).append(" to ")
                    .append(day(line.path("period").path("end").asLong())).append("</td><td>")
                    .append(escape(money(BigDecimal.valueOf(line.get("amount").asLong()), currency))).append("</td></tr>\n");
        }
        body.append("</tbody>\n</table>\n<p>Total: <strong>")
                .append(escape(money(BigDecimal.valueOf(invoice.get("total").asLong()), currency))).append("</strong></p>\n")
                .append("<p><a href=\"").append(escape(invoice.get("invoice_pdf").asString())).append("\">Download the PDF</a></p>\n");
        return page("Invoice " + invoice.get("number").asString(), body);
    }

    static String message(String title, String text) {
        return page(title, new StringBuilder("<h1>").append(escape(title)).append("</h1>\n<p>").append(escape(text)).append("</p>\n"));
    }

    private static String page(String title, StringBuilder body) {
        return "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<title>" + escape(title) + " · development Stripe stub</title>\n<style>" + STYLE + "</style>\n</head>\n"
                + "<body>\n<main>\n" + body + "</main>\n</body>\n</html>\n";
    }

    static String successUrl(ObjectNode session) {
        return session.get("success_url").asString().replace("{CHECKOUT_SESSION_ID}", session.get("id").asString());
    }

    private static String customerEmail(StubState state, ObjectNode session) {
        String customer = Json.text(session, "customer");
        if (customer != null && state.customers.containsKey(customer)) {
            return Json.text(state.customers.get(customer), "email");
        }
        return Json.text(session, "customer_email");
    }

    /** What a price is called on pages and invoice lines: its product's name, else its lookup key, else its id. */
    static String productName(StubState state, JsonNode price) {
        ObjectNode product = state.products.get(price.path("product").asString());
        if (product != null && Json.text(product, "name") != null) {
            return product.get("name").asString();
        }
        return orElse(Json.text(price, "lookup_key"), price.get("id").asString());
    }

    static String priceLabel(JsonNode price) {
        String amount = money(new BigDecimal(price.get("unit_amount_decimal").asString()), price.get("currency").asString());
        JsonNode recurring = price.path("recurring");
        if (recurring.isMissingNode() || recurring.isNull()) {
            return amount;
        }
        long count = recurring.path("interval_count").asLong(1);
        String interval = recurring.path("interval").asString();
        String every = count == 1 ? "per " + interval : "every " + count + " " + interval + "s";
        return "metered".equals(recurring.path("usage_type").asString()) ? amount + " per unit used, billed " + every : amount + " " + every;
    }

    /** An amount in the currency's minor unit (cents, maybe fractional) as people read it: {@code $19.00}. */
    static String money(BigDecimal minorUnits, String currency) {
        BigDecimal major = minorUnits.movePointLeft(2).stripTrailingZeros();
        String digits = (major.scale() < 2 ? major.setScale(2, RoundingMode.UNNECESSARY) : major).toPlainString();
        return "usd".equalsIgnoreCase(currency) ? "$" + digits : digits + " " + currency.toUpperCase();
    }

    private static String day(long epochSecond) {
        return DAY.format(Instant.ofEpochSecond(epochSecond));
    }

    private static String orElse(String value, String fallback) {
        return value == null ? fallback : value;
    }

    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
