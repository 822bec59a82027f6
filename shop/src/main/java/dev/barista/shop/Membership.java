package dev.barista.shop;

import java.util.Locale;

/** A user's membership level and the discount it earns on every product. */
public enum Membership {
    NONE(0), SILVER(5), GOLD(10), PLATINUM(15);

    private final int discountPercent;

    Membership(int discountPercent) {
        this.discountPercent = discountPercent;
    }

    public int discountPercent() {
        return discountPercent;
    }

    /** As written in JSON: {@code none}, {@code silver}, ... */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Membership ofLabel(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }

    /** The price after this level's discount, rounded half up to the cent. */
    public long priceCents(long listPriceCents) {
        return (listPriceCents * (100 - discountPercent) + 50) / 100;
    }
}
