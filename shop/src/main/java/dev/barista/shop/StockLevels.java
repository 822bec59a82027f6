package dev.barista.shop;

/**
 * Units in stock per product and region, computed from a seed (the same everywhere, nothing stored): about one
 * product in eight is out of stock in a given region, the rest have 1 to 250 units.
 */
public final class StockLevels {
    public static final long DEFAULT_SEED = 99;
    private final long seed;

    public StockLevels(long seed) {
        this.seed = seed;
    }

    public StockLevels() {
        this(DEFAULT_SEED);
    }

    public int units(long productId, String region) {
        long h = mix(seed ^ mix(productId) ^ ((long) region.hashCode() << 32));
        int roll = (int) Long.remainderUnsigned(h, 1000);
        return roll < 125 ? 0 : 1 + (int) Long.remainderUnsigned(h >>> 17, 250);
    }

    /** SplitMix64's finalizer: a cheap, well-spread hash of a long. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
