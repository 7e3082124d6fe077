package dev.tracehound.devstripe;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** An invoice's {@code invoice_pdf}: a one-page PDF of plain text lines, so the link opens something real. */
final class InvoicePdf {

    private InvoicePdf() {}

    static byte[] render(ObjectNode invoice) {
        String currency = invoice.get("currency").asString();
        List<String> lines = new ArrayList<>();
        lines.add("Invoice " + invoice.get("number").asString() + " (development Stripe stub)");
        lines.add("Status: " + invoice.get("status").asString());
        for (JsonNode line : invoice.path("lines").path("data")) {
            lines.add(line.get("description").asString() + ": " + Pages.money(BigDecimal.valueOf(line.get("amount").asLong()), currency));
        }
        lines.add("Total: " + Pages.money(BigDecimal.valueOf(invoice.get("total").asLong()), currency));

        StringBuilder text = new StringBuilder("BT /F1 12 Tf 50 790 Td 18 TL\n");
        for (String line : lines) {
            text.append('(').append(pdfString(line)).append(") Tj T*\n");
        }
        text.append("ET\n");
        List<String> objects = List.of(
                "<< /Type /Catalog /Pages 2 0 R >>",
                "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
                        + " /Resources << /Font << /F1 5 0 R >> >> >>",
                "<< /Length " + text.length() + " >>\nstream\n" + text + "endstream",
                "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
        ByteArrayOutputStream pdf = new ByteArrayOutputStream();
        List<Integer> offsets = new ArrayList<>();
        write(pdf, "%PDF-1.4\n");
        for (int i = 0; i < objects.size(); i++) {
            offsets.add(pdf.size());
            write(pdf, (i + 1) + " 0 obj\n" + objects.get(i) + "\nendobj\n");
        }
        int xref = pdf.size();
        StringBuilder table = new StringBuilder("xref\n0 " + (objects.size() + 1) + "\n0000000000 65535 f \n");
        offsets.forEach(offset -> table.append(String.format("%010d 00000 n \n", offset)));
        table.append("trailer\n<< /Size ").append(objects.size() + 1).append(" /Root 1 0 R >>\nstartxref\n").append(xref).append("\n%%EOF\n");
        write(pdf, table.toString());
        return pdf.toByteArray();
    }

    /** Helvetica's standard encoding is Latin-1-ish; anything else becomes '?', and the string's delimiters are escaped. */
    private static String pdfString(String text) {
        StringBuilder escaped = new StringBuilder();
        for (char c : text.replace('×', 'x').toCharArray()) {
            if (c == '(' || c == ')' || c == '\\') {
                escaped.append('\\').append(c);
            } else {
                escaped.append(c >= 32 && c < 127 ? c : '?');
            }
        }
        return escaped.toString();
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
    }
}
