package dev.barista.shop;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Users 1..{@code size}, generated on demand and deterministically: the same id and seed always give the same
 * profile, in every process, so nothing is stored. About half are not members; the rest are silver, gold or
 * platinum.
 */
public final class UserDirectory {
    public static final int DEFAULT_SIZE = 100_000;
    public static final long DEFAULT_SEED = 42;
    private static final String[] FIRST = {"Ada", "Alan", "Grace", "Edsger", "Barbara", "Donald", "Frances", "Ken",
            "Margaret", "Dennis", "Radia", "Tony", "Leslie", "Niklaus", "Shafi", "John", "Hedy", "Linus", "Sophie",
            "Guido", "Katherine", "Bjarne", "Adele", "James", "Anita", "Rob", "Lynn", "Butler", "Joan", "Robin"};
    private static final String[] LAST = {"Lovelace", "Turing", "Hopper", "Dijkstra", "Liskov", "Knuth", "Allen",
            "Thompson", "Hamilton", "Ritchie", "Perlman", "Hoare", "Lamport", "Wirth", "Goldwasser", "Backus",
            "Lamarr", "Torvalds", "Wilson", "van Rossum", "Johnson", "Stroustrup", "Goldberg", "Gosling", "Borg",
            "Pike", "Conway", "Lampson", "Clarke", "Milner"};

    private final int size;
    private final long seed;

    public UserDirectory(int size, long seed) {
        if (size < 1) throw new IllegalArgumentException("size < 1");
        this.size = size;
        this.seed = seed;
    }

    public UserDirectory() {
        this(DEFAULT_SIZE, DEFAULT_SEED);
    }

    public int size() {
        return size;
    }

    /** The user, or empty when {@code id} is not one of 1..size. */
    public Optional<UserProfile> find(long id) {
        if (id < 1 || id > size) return Optional.empty();
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + id);
        String name = FIRST[random.nextInt(FIRST.length)] + " " + LAST[random.nextInt(LAST.length)];
        String region = Regions.ALL.get(random.nextInt(Regions.ALL.size()));
        int roll = random.nextInt(100);
        Membership level = roll < 50 ? Membership.NONE : roll < 75 ? Membership.SILVER
                : roll < 92 ? Membership.GOLD : Membership.PLATINUM;
        List<String> categories = new ArrayList<>(CatalogGenerator.categories());
        List<String> preferred = new ArrayList<>(3);
        for (int i = 2 + random.nextInt(2); i > 0; i--) preferred.add(categories.remove(random.nextInt(categories.size())));
        return Optional.of(new UserProfile(id, name, region, level.label(), level.discountPercent(),
                List.copyOf(preferred)));
    }
}
