package dev.barista.shop;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The H2 catalog: seeded once and only once, and a search that ranks sensibly. */
class ProductCatalogTest {

    @Test
    void seedingIsIdempotentAndRepairsAHalfSeededDatabase(@TempDir Path dir) throws Exception {
        String url = ProductCatalog.fileUrl(dir);
        String seededAt;
        List<Product> first;
        try (ProductCatalog catalog = ProductCatalog.open(url, 2)) {
            assertThat(catalog.seededNow()).isTrue();
            assertThat(catalog.count()).isEqualTo(12_000);
            seededAt = catalog.seededAt();
            first = catalog.search("espresso machine", null, 20);
        }
        try (ProductCatalog catalog = ProductCatalog.open(url, 2)) {
            assertThat(catalog.seededNow()).as("a complete catalog is left alone").isFalse();
            assertThat(catalog.count()).isEqualTo(12_000);
            assertThat(catalog.seededAt()).isEqualTo(seededAt);
            assertThat(catalog.search("espresso machine", null, 20)).isEqualTo(first);
        }
        try (Connection c = DriverManager.getConnection(url, "shop", ""); Statement s = c.createStatement()) {
            s.execute("DELETE FROM catalog_meta"); // as if a seed had died before its commit's last statement
            s.execute("DELETE FROM products WHERE id > 6000");
        }
        try (ProductCatalog catalog = ProductCatalog.open(url, 2)) {
            assertThat(catalog.seededNow()).isTrue();
            assertThat(catalog.count()).isEqualTo(12_000);
            assertThat(catalog.search("espresso machine", null, 20)).isEqualTo(first);
        }
    }

    @Test
    void searchRanksByRelevanceThenRating() throws Exception {
        try (ProductCatalog catalog = ProductCatalog.open(ShopFixture.CATALOG, 2)) {
            List<Product> hits = catalog.search("Espresso Machine", null, 50);
            assertThat(hits).hasSize(50);
            // the best matches carry both words in their name
            assertThat(hits.getFirst().name().toLowerCase()).contains("espresso machine");
            for (int i = 1; i < hits.size(); i++) {
                int previous = relevance(hits.get(i - 1), "espresso", "machine");
                int current = relevance(hits.get(i), "espresso", "machine");
                assertThat(current).isLessThanOrEqualTo(previous);
                if (current == previous) assertThat(hits.get(i).rating()).isLessThanOrEqualTo(hits.get(i - 1).rating());
            }
        }
    }

    @Test
    void categoryFilterLimitAndNoMatch() throws Exception {
        try (ProductCatalog catalog = ProductCatalog.open(ShopFixture.CATALOG, 2)) {
            assertThat(catalog.search("gift", "toys", 10)).hasSize(10).allMatch(p -> p.category().equals("toys"));
            assertThat(catalog.search("kettle", null, 3)).hasSize(3);
            assertThat(catalog.search("kettle", null, 1000)).hasSize(ProductCatalog.MAX_LIMIT);
            assertThat(catalog.search("xylophone-unicorn", null, 10)).isEmpty();
            assertThat(catalog.search("  !! ", null, 10)).isEmpty();
        }
    }

    /** The ranking's own rule, recomputed from the product's text: 3 per word in the name, 2 category/brand, 1 description. */
    private static int relevance(Product p, String... terms) {
        int sum = 0;
        for (String term : terms) {
            if (SearchTerms.words(p.name()).contains(term)) sum += 3;
            else if (SearchTerms.words(p.category() + " " + p.brand()).contains(term)) sum += 2;
            else if (SearchTerms.words(p.description()).contains(term)) sum += 1;
        }
        return sum;
    }
}
