package dev.barista.shop;

/** One catalog entry, as the product service answers it. {@code rating} is 1.0 to 5.0 in tenths. */
public record Product(long id, String name, String category, String brand, long priceCents, double rating,
                      String description) {
}
