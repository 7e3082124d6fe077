package dev.tracehound.platform.identity;

/** A new API key and its secret: this is the only time the secret is shown. */
public record IssuedKey(ApiKeyView key, String secret) {

    @Override
    public String toString() {
        return "IssuedKey[key=" + key + ", secret=" + key.prefix() + "…]";
    }
}
