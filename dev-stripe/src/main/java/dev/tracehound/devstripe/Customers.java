package dev.tracehound.devstripe;

import java.security.SecureRandom;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code POST /v1/customers}, {@code GET /v1/customers/{id}} and {@code GET /v1/invoices}. */
final class Customers {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final StubState state;

    Customers(StubState state) {
        this.state = state;
    }

    ObjectNode create(ObjectNode form) {
        ObjectNode customer = newCustomer(form);
        state.customers.put(customer.get("id").asString(), customer);
        return customer.deepCopy();
    }

    ObjectNode retrieve(String id) {
        return state.customer(id).deepCopy();
    }

    ObjectNode listInvoices(ObjectNode form) {
        String customer = Json.text(form, "customer");
        String subscription = Json.text(form, "subscription");
        String status = Json.text(form, "status");
        return StubState.list("/v1/invoices", state.invoices, invoice ->
                (customer == null || customer.equals(invoice.get("customer").asString()))
                        && (subscription == null || subscription.equals(
                                invoice.path("parent").path("subscription_details").path("subscription").asString()))
                        && (status == null || status.equals(invoice.get("status").asString())),
                form);
    }

    static ObjectNode newCustomer(JsonNode form) {
        ObjectNode customer = StubState.newObject("cus", "customer");
        customer.putNull("address");
        customer.put("balance", 0);
        customer.putNull("currency");
        customer.put("delinquent", false);
        customer.put("description", Json.text(form, "description"));
        customer.put("email", Json.text(form, "email"));
        customer.put("invoice_prefix", invoicePrefix());
        ObjectNode invoiceSettings = customer.putObject("invoice_settings");
        invoiceSettings.putNull("custom_fields");
        invoiceSettings.putNull("default_payment_method");
        invoiceSettings.putNull("footer");
        invoiceSettings.putNull("rendering_options");
        customer.putObject("metadata");
        Json.mergeMetadata(customer, form);
        customer.put("name", Json.text(form, "name"));
        customer.put("next_invoice_sequence", 1);
        customer.put("phone", Json.text(form, "phone"));
        customer.putArray("preferred_locales");
        customer.putNull("shipping");
        customer.put("tax_exempt", "none");
        customer.putNull("test_clock");
        return customer;
    }

    private static String invoicePrefix() {
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            prefix.append(Character.toUpperCase(Character.forDigit(RANDOM.nextInt(16), 16)));
        }
        return prefix.toString();
    }
}
