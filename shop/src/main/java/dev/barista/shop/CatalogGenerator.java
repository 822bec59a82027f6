package dev.barista.shop;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A realistic product catalog from a seed: brands, adjectives and nouns per category, prices by kind of product,
 * ratings leaning high as real ones do, a one-line description, and the search keywords with their weights
 * (3 in the name, 2 the category or brand, 1 the description). The same seed always gives the same catalog.
 */
final class CatalogGenerator {
    static final int DEFAULT_SIZE = 12_000;
    static final long DEFAULT_SEED = 7;

    /** A product and its keywords, each with its weight. */
    record Entry(Product product, Map<String, Integer> keywords) {
    }

    private record Category(String name, String[] brands, String[] nouns, int minPrice, int maxPrice, String[] tags) {
    }

    private static final String[] ADJECTIVES = {"classic", "compact", "premium", "lightweight", "durable", "smart",
            "vintage", "ergonomic", "wireless", "portable", "organic", "stainless", "handmade", "deluxe", "quiet",
            "rugged", "minimalist", "professional", "eco", "foldable"};
    private static final String[] VARIANTS = {"", "", "", "mini", "pro", "plus", "xl", "2-pack", "v2", "max"};

    private static final List<Category> CATEGORIES = List.of(
            new Category("coffee", new String[]{"Barista", "Moka", "Crema", "Roastery", "Bialetti", "Hario"},
                    new String[]{"espresso machine", "grinder", "french press", "pour-over kettle", "coffee beans",
                            "milk frother", "mug", "moka pot", "cold brew maker", "tamper"},
                    800, 90_000, new String[]{"espresso", "arabica", "roast", "brew", "caffeine", "barista"}),
            new Category("tea", new String[]{"Teavana", "Matcha", "Oolong House", "Chai Co", "Leafy"},
                    new String[]{"teapot", "infuser", "green tea", "black tea", "matcha whisk", "tea set",
                            "kettle", "herbal blend"},
                    500, 25_000, new String[]{"loose-leaf", "herbal", "steep", "infusion", "matcha", "chai"}),
            new Category("kitchen", new String[]{"Cuisine", "Chefmate", "Ironclad", "Oxo", "Lodge", "Zest"},
                    new String[]{"chef knife", "cutting board", "skillet", "dutch oven", "blender", "toaster",
                            "mixing bowl", "spatula", "cast iron pan", "food processor"},
                    900, 60_000, new String[]{"cooking", "baking", "dishwasher-safe", "nonstick", "recipe", "cast-iron"}),
            new Category("books", new String[]{"Penguin", "O'Reilly", "Manning", "Vintage", "Pragmatic"},
                    new String[]{"novel", "cookbook", "programming guide", "biography", "atlas", "poetry collection",
                            "history book", "children's book"},
                    600, 7_000, new String[]{"paperback", "hardcover", "bestseller", "reading", "edition", "author"}),
            new Category("electronics", new String[]{"Voltix", "Lumen", "Sonix", "Pixelcraft", "Ampere", "Nordtech"},
                    new String[]{"headphones", "bluetooth speaker", "charger", "keyboard", "mouse", "monitor",
                            "webcam", "usb cable", "power bank", "smartwatch"},
                    1_500, 120_000, new String[]{"bluetooth", "usb-c", "battery", "noise-cancelling", "hd", "gaming"}),
            new Category("outdoor", new String[]{"Summit", "Trailhead", "Alpine", "Northwind", "Cascade"},
                    new String[]{"tent", "sleeping bag", "backpack", "hiking boots", "water bottle", "headlamp",
                            "camping stove", "trekking poles"},
                    1_200, 45_000, new String[]{"camping", "hiking", "waterproof", "trail", "insulated", "backpacking"}),
            new Category("garden", new String[]{"Greenthumb", "Bloom", "Verde", "Rootstock", "Fiskars"},
                    new String[]{"watering can", "pruning shears", "planter", "garden hose", "seed kit", "rake",
                            "compost bin", "gloves"},
                    400, 15_000, new String[]{"plants", "flowers", "soil", "watering", "seeds", "outdoor"}),
            new Category("toys", new String[]{"Playwise", "Brickworks", "Tinker", "Wonder", "Funhouse"},
                    new String[]{"building blocks", "puzzle", "board game", "plush bear", "train set", "kite",
                            "science kit", "doll house"},
                    500, 20_000, new String[]{"kids", "educational", "family", "creative", "ages-8", "gift"}),
            new Category("sports", new String[]{"Stride", "Apex", "Velocity", "Peak", "Pulse"},
                    new String[]{"running shoes", "yoga mat", "dumbbell", "tennis racket", "football", "bike helmet",
                            "jump rope", "resistance band"},
                    700, 35_000, new String[]{"fitness", "training", "running", "workout", "gym", "yoga"}),
            new Category("home", new String[]{"Nest & Co", "Hearth", "Linenry", "Casa", "Lumiere"},
                    new String[]{"throw blanket", "desk lamp", "pillow", "rug", "candle", "wall clock", "vase",
                            "bookshelf", "curtains"},
                    600, 40_000, new String[]{"cozy", "decor", "living-room", "bedroom", "cotton", "wool"}),
            new Category("beauty", new String[]{"Glow", "Purely", "Aura", "Velvet", "Botanica"},
                    new String[]{"face cream", "shampoo", "lip balm", "serum", "body lotion", "hair dryer",
                            "perfume", "sunscreen"},
                    400, 18_000, new String[]{"skincare", "natural", "fragrance", "moisturizing", "vegan", "spf"}),
            new Category("music", new String[]{"Fender", "Yamaha", "Harmony", "Resonance", "Cadence"},
                    new String[]{"acoustic guitar", "ukulele", "keyboard piano", "drum pad", "guitar strings",
                            "microphone", "metronome", "violin"},
                    800, 80_000, new String[]{"instrument", "strings", "studio", "beginner", "recording", "acoustic"}));

    private CatalogGenerator() {
    }

    /** The category names, in a fixed order. */
    static List<String> categories() {
        return CATEGORIES.stream().map(Category::name).toList();
    }

    /** Products 1..size. */
    static List<Entry> generate(int size, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Entry> entries = new ArrayList<>(size);
        for (int id = 1; id <= size; id++) {
            Category category = CATEGORIES.get(random.nextInt(CATEGORIES.size()));
            String brand = pick(random, category.brands());
            String adjective = pick(random, ADJECTIVES);
            String noun = pick(random, category.nouns());
            String variant = pick(random, VARIANTS);
            String name = brand + " " + adjective + " " + noun + (variant.isEmpty() ? "" : " " + variant);
            long price = roundedPrice(random.nextInt(category.minPrice(), category.maxPrice() + 1));
            int ratingTenths = Math.max(10, Math.min(50, (int) Math.round(42 + random.nextGaussian() * 5)));
            String tag1 = pick(random, category.tags());
            String tag2 = pick(random, category.tags());
            String description = "A " + adjective + " " + noun + " by " + brand + ": " + tag1
                    + (tag2.equals(tag1) ? "" : ", " + tag2) + ".";

            Map<String, Integer> keywords = new LinkedHashMap<>();
            addWords(keywords, description, 1);
            addWords(keywords, category.name() + " " + brand, 2);
            addWords(keywords, name, 3);
            Product product = new Product(id, name, category.name(), brand, price, ratingTenths / 10.0, description);
            entries.add(new Entry(product, keywords));
        }
        return entries;
    }

    /** Prices end in .99 or .49, as shops like them. */
    private static long roundedPrice(int cents) {
        long dollars = Math.max(1, cents / 100);
        return dollars * 100 + (dollars % 3 == 0 ? 49 : 99);
    }

    private static String pick(SplittableRandom random, String[] values) {
        return values[random.nextInt(values.length)];
    }

    /** Each word of {@code text} as a keyword, keeping the highest weight a word earns anywhere. */
    private static void addWords(Map<String, Integer> keywords, String text, int weight) {
        for (String word : SearchTerms.words(text)) keywords.merge(word, weight, Math::max);
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
