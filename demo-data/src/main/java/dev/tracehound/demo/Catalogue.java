package dev.tracehound.demo;

/**
 * The shop's products and customers. They are the same in every scenario (a fixed seed), so ids
 * mean the same thing across data sets; product popularity is Zipf-like, as in real shops.
 */
final class Catalogue {

    static final int PRODUCT_COUNT = 400;
    static final int USER_COUNT = 60_000;
    private static final char[] ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();
    private static final String[] USER_AGENTS = {
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36",
        "Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0",
        "ShopApp/4.2.1 (iOS 17.5; iPhone15,2)"
    };

    private static final int[] PUBLIC_FIRST_OCTETS = {81, 86, 92, 145, 176, 185, 212, 217};

    record Product(String id, long priceCents) {
    }

    private final Product[] products = new Product[PRODUCT_COUNT];
    private final double[] cumulativePopularity;

    Catalogue() {
        Rng rng = new Rng(0x5_40_9_CA7AL);
        double[] popularity = new double[PRODUCT_COUNT];
        for (int i = 0; i < PRODUCT_COUNT; i++) {
            char[] id = new char[10];
            for (int c = 0; c < id.length; c++) {
                id[c] = ID_ALPHABET[rng.nextInt(ID_ALPHABET.length)];
            }
            long priceCents = 99 + 100 * (long) (StrictMath.exp(rng.between(1.5, 5.7)));
            products[i] = new Product(new String(id), priceCents);
            popularity[i] = 1.0 / (i + 3);
        }
        cumulativePopularity = Rng.cumulative(popularity);
    }

    Product product(Rng rng) {
        return products[rng.pick(cumulativePopularity)];
    }

    /** An id that is not in the catalogue, as from a stale link. */
    String unknownProductId(Rng rng) {
        char[] id = new char[10];
        for (int c = 0; c < id.length; c++) {
            id[c] = ID_ALPHABET[rng.nextInt(ID_ALPHABET.length)];
        }
        return new String(id);
    }

    /** A shopper; a few regulars account for much of the traffic. */
    int user(Rng rng) {
        double u = rng.nextDouble();
        return (int) (u * u * USER_COUNT);
    }

    static String userId(int user) {
        return "usr_" + (100_000 + user);
    }

    static String customerId(int user) {
        return "cus_" + Ids.hex(Rng.mix(user + 0xC057L), 14);
    }

    /** Sessions last about an hour, so a user's requests within it share one. */
    static String sessionId(int user, long epochNanos) {
        long hour = epochNanos / 3_600_000_000_000L;
        return Ids.hex16(Rng.mix(user * 0x9E3779B97F4A7C15L + hour));
    }

    static String clientAddress(int user) {
        long bits = Rng.mix(user + 0xADD7L);
        int first = PUBLIC_FIRST_OCTETS[(int) (bits & 7)];
        return first + "." + ((bits >>> 8) & 0xFF) + "." + ((bits >>> 16) & 0xFF) + "." + (1 + ((bits >>> 24) & 0xFD));
    }

    static String userAgent(int user) {
        return USER_AGENTS[(int) Long.remainderUnsigned(Rng.mix(user + 0x06E7L), USER_AGENTS.length)];
    }
}
