package dev.tracehound.devstripe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class FormParserTest {

    @Test
    void bracketsBecomeNestedObjectsAndIndexesArrays() {
        ObjectNode form = FormParser.parse("mode=subscription&line_items[0][price]=price_a&line_items[0][quantity]=2"
                + "&line_items[1][price]=price_b&metadata[workspace]=acme&subscription_data[metadata][plan]=team");

        assertThat(form.get("mode").asString()).isEqualTo("subscription");
        assertThat(form.get("line_items").isArray()).isTrue();
        assertThat(form.get("line_items").get(0).get("price").asString()).isEqualTo("price_a");
        assertThat(form.get("line_items").get(0).get("quantity").asString()).isEqualTo("2");
        assertThat(form.get("line_items").get(1).has("quantity")).isFalse();
        assertThat(form.get("metadata").get("workspace").asString()).isEqualTo("acme");
        assertThat(form.get("subscription_data").get("metadata").get("plan").asString()).isEqualTo("team");
    }

    @Test
    void emptyBracketsAppendAndIndexesOrderNumerically() {
        ObjectNode form = FormParser.parse("lookup_keys[]=k1&lookup_keys[]=k2&expand[]=data.customer"
                + "&items[10][id]=si_b&items[2][id]=si_a");

        assertThat(form.get("lookup_keys").toString()).isEqualTo("[\"k1\",\"k2\"]");
        assertThat(form.get("expand").get(0).asString()).isEqualTo("data.customer");
        assertThat(form.get("items").get(0).get("id").asString()).isEqualTo("si_a");
        assertThat(form.get("items").get(1).get("id").asString()).isEqualTo("si_b");
    }

    @Test
    void valuesAndKeysAreUrlDecoded() {
        ObjectNode form = FormParser.parse("success_url=http%3A%2F%2Flocalhost%3A8080%2Fw%2Fdemo%2Fbilling%3Fsession%3D%7BCHECKOUT_SESSION_ID%7D"
                + "&name=Acme+Inc&metadata%5Bplan%5D=team&flag");

        assertThat(form.get("success_url").asString()).isEqualTo("http://localhost:8080/w/demo/billing?session={CHECKOUT_SESSION_ID}");
        assertThat(form.get("name").asString()).isEqualTo("Acme Inc");
        assertThat(form.get("metadata").get("plan").asString()).isEqualTo("team");
        assertThat(form.get("flag").asString()).isEmpty();
    }

    @Test
    void nothingIsAnEmptyObject() {
        assertThat(FormParser.parse(null).isEmpty()).isTrue();
        assertThat(FormParser.parse("").isEmpty()).isTrue();
    }
}
