package dev.tracehound.demo;

import dev.tracehound.demo.Catalogue.Product;
import java.util.List;

/** What a shopper checks out: the cart, its total, and the payment provider they chose. */
record Order(String orderId, int user, List<LineItem> items, long totalCents, String paymentProvider) {

    record LineItem(Product product, int quantity) {
    }

    String customerId() {
        return Catalogue.customerId(user);
    }

    String userId() {
        return Catalogue.userId(user);
    }
}
