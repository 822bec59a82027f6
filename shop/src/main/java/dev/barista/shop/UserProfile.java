package dev.barista.shop;

import java.util.List;

/** What the user service knows about a shopper. {@code level} is a {@link Membership} label. */
public record UserProfile(long id, String name, String region, String level, int discountPercent,
                          List<String> preferredCategories) {
}
