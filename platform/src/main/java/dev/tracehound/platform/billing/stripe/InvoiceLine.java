package dev.tracehound.platform.billing.stripe;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/** One of the workspace's invoices, as Stripe lists them (amounts in the currency's main unit). */
public record InvoiceLine(String id, Optional<String> number, String status, BigDecimal total, String currency,
        Instant created, Optional<Instant> periodStart, Optional<Instant> periodEnd, Optional<String> hostedUrl,
        Optional<String> pdfUrl) {}
