package dev.barista.shop;

import org.h2.jdbcx.JdbcConnectionPool;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The product catalog in an embedded H2 database over plain JDBC. Opening it creates the schema and seeds the
 * generated catalog once: a {@code catalog_meta} row records which seed and size the tables hold, written in
 * the same transaction as the rows, so a half-seeded database (a crash mid-seed) is seeded again and a complete
 * one is left alone.
 *
 * <p>Search is an index lookup: {@code product_keywords(keyword, product_id, weight)} holds every word of a
 * product's name (weight 3), category and brand (2) and description (1). A query's terms select rows by the
 * keyword index, relevance is the sum of the matched weights, and ties go to the better rating, then the lower id.
 *
 * <p>JDBC blocks: call it from workers or virtual threads only. Connections come from a bounded pool; a caller
 * waits for one at most {@code poolTimeout} (then an SQLException).
 */
public final class ProductCatalog implements AutoCloseable {
    public static final int MAX_LIMIT = 50;
    private static final int SCHEMA_VERSION = 2;

    private final JdbcConnectionPool pool;
    private final boolean seededNow;
    private final int size;

    private ProductCatalog(JdbcConnectionPool pool, boolean seededNow, int size) {
        this.pool = pool;
        this.seededNow = seededNow;
        this.size = size;
    }

    /**
     * A file database {@code catalog.mv.db} under {@code dataDir} (see {@link CatalogDirectory}), embedded:
     * one process has it open at a time, and another gets "Database may be already in use". Not H2's
     * automatic mixed mode ({@code AUTO_SERVER}), which would share it by opening a database port on every
     * interface, one nobody asked for.
     */
    public static String fileUrl(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("catalog");
    }

    /** An in-memory database that lives until the JVM exits (tests). */
    public static String memoryUrl(String name) {
        return "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1";
    }

    public static ProductCatalog open(String jdbcUrl, int poolSize) throws SQLException {
        return open(jdbcUrl, poolSize, CatalogGenerator.DEFAULT_SIZE, CatalogGenerator.DEFAULT_SEED);
    }

    /** Opens (creating and seeding if needed) a catalog of {@code size} products generated from {@code seed}. */
    public static ProductCatalog open(String jdbcUrl, int poolSize, int size, long seed) throws SQLException {
        JdbcConnectionPool pool = JdbcConnectionPool.create(jdbcUrl, "shop", "");
        pool.setMaxConnections(poolSize);
        pool.setLoginTimeout(5); // seconds a caller waits for a free connection
        try (Connection connection = pool.getConnection()) {
            createSchema(connection);
            boolean seeded = !isSeeded(connection, size, seed);
            if (seeded) seed(connection, size, seed);
            return new ProductCatalog(pool, seeded, size);
        } catch (SQLException | RuntimeException e) {
            pool.dispose();
            throw e;
        }
    }

    private static void createSchema(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            if (oldSchema(c)) {
                s.execute("DROP TABLE IF EXISTS product_keywords");
                s.execute("DROP TABLE IF EXISTS catalog_meta");
            }
            s.execute("CREATE TABLE IF NOT EXISTS products (id BIGINT PRIMARY KEY, name VARCHAR(200) NOT NULL, "
                    + "category VARCHAR(40) NOT NULL, brand VARCHAR(60) NOT NULL, price_cents BIGINT NOT NULL, "
                    + "rating_tenths INT NOT NULL, description VARCHAR(400) NOT NULL)");
            // rating_tenths is the product's, repeated here so ranking never reads the products table
            s.execute("CREATE TABLE IF NOT EXISTS product_keywords (keyword VARCHAR(32) NOT NULL, "
                    + "product_id BIGINT NOT NULL, weight INT NOT NULL, rating_tenths INT NOT NULL, "
                    + "category VARCHAR(40) NOT NULL, PRIMARY KEY (keyword, product_id))");
            s.execute("CREATE INDEX IF NOT EXISTS products_category ON products(category)");
            s.execute("CREATE TABLE IF NOT EXISTS catalog_meta (version INT NOT NULL, seed BIGINT NOT NULL, "
                    + "products INT NOT NULL, seeded_at TIMESTAMP NOT NULL)");
        }
    }

    /** Whether the tables were made by an earlier layout (version below {@link #SCHEMA_VERSION}). */
    private static boolean oldSchema(Connection c) throws SQLException {
        try (ResultSet rs = c.getMetaData().getTables(null, null, "CATALOG_META", null)) {
            if (!rs.next()) return false;
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT MAX(version) FROM catalog_meta")) {
            return rs.next() && rs.getInt(1) != 0 && rs.getInt(1) < SCHEMA_VERSION;
        }
    }

    private static boolean isSeeded(Connection c, int size, long seed) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version, seed, products FROM catalog_meta")) {
            return rs.next() && rs.getInt(1) == SCHEMA_VERSION && rs.getLong(2) == seed && rs.getInt(3) == size;
        }
    }

    /** Replaces whatever the tables hold with the generated catalog, in one transaction. */
    private static void seed(Connection c, int size, long seed) throws SQLException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement();
             PreparedStatement product = c.prepareStatement("INSERT INTO products VALUES (?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement keyword = c.prepareStatement("INSERT INTO product_keywords VALUES (?, ?, ?, ?, ?)");
             PreparedStatement meta = c.prepareStatement(
                     "INSERT INTO catalog_meta VALUES (?, ?, ?, CURRENT_TIMESTAMP)")) {
            s.execute("DELETE FROM product_keywords");
            s.execute("DELETE FROM products");
            s.execute("DELETE FROM catalog_meta");
            int batched = 0;
            for (CatalogGenerator.Entry entry : CatalogGenerator.generate(size, seed)) {
                Product p = entry.product();
                product.setLong(1, p.id());
                product.setString(2, p.name());
                product.setString(3, p.category());
                product.setString(4, p.brand());
                product.setLong(5, p.priceCents());
                product.setInt(6, (int) Math.round(p.rating() * 10));
                product.setString(7, p.description());
                product.addBatch();
                for (Map.Entry<String, Integer> k : entry.keywords().entrySet()) {
                    keyword.setString(1, k.getKey());
                    keyword.setLong(2, p.id());
                    keyword.setInt(3, k.getValue());
                    keyword.setInt(4, (int) Math.round(p.rating() * 10));
                    keyword.setString(5, p.category());
                    keyword.addBatch();
                }
                if (++batched % 1000 == 0) {
                    product.executeBatch();
                    keyword.executeBatch();
                }
            }
            product.executeBatch();
            keyword.executeBatch();
            meta.setInt(1, SCHEMA_VERSION);
            meta.setLong(2, seed);
            meta.setInt(3, size);
            meta.executeUpdate();
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** Whether this open seeded the tables (false when they already held this catalog). */
    public boolean seededNow() {
        return seededNow;
    }

    public int size() {
        return size;
    }

    /**
     * Products matching any term of {@code query}, most relevant first (then the better rating, then the lower
     * id), at most {@code limit} (1..{@link #MAX_LIMIT}); only in {@code category} when it is not null.
     * Blocks on JDBC.
     */
    public List<Product> search(String query, String category, int limit) throws SQLException {
        List<String> terms = SearchTerms.query(query);
        if (terms.isEmpty()) return List.of();
        int bounded = Math.clamp(limit, 1, MAX_LIMIT);
        // Rank inside the keyword index (relevance, then rating, then id), and read only the winners' rows.
        String sql = "SELECT p.id, p.name, p.category, p.brand, p.price_cents, p.rating_tenths, p.description "
                + "FROM (SELECT product_id, SUM(weight) AS relevance, MAX(rating_tenths) AS rating "
                + "FROM product_keywords WHERE keyword IN ("
                + String.join(", ", Collections.nCopies(terms.size(), "?")) + ")"
                + (category == null ? "" : " AND category = ?")
                + " GROUP BY product_id ORDER BY relevance DESC, rating DESC, product_id LIMIT ?) r "
                + "JOIN products p ON p.id = r.product_id ORDER BY r.relevance DESC, r.rating DESC, p.id";
        try (Connection c = pool.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            int i = 1;
            for (String term : terms) s.setString(i++, term);
            if (category != null) s.setString(i++, category);
            s.setInt(i, bounded);
            try (ResultSet rs = s.executeQuery()) {
                List<Product> products = new ArrayList<>(bounded);
                while (rs.next()) {
                    products.add(new Product(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getLong(5), rs.getInt(6) / 10.0, rs.getString(7)));
                }
                return products;
            }
        }
    }

    /** How many products the tables hold (for tests and start-up messages). Blocks on JDBC. */
    public int count() throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM products")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** When the tables were seeded, as the database records it (idempotence tests). Blocks on JDBC. */
    public String seededAt() throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT seeded_at FROM catalog_meta")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    @Override
    public void close() {
        pool.dispose();
    }
}
