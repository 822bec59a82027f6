/** The chapter's product search: user, product and inventory services, and the gateway in four styles. */
module dev.barista.shop {
    requires transitive dev.barista.core;
    requires com.fasterxml.jackson.databind;
    requires com.h2database;
    requires jdk.security.auth; // UnixSystem: the catalog directory must be our own
    requires transitive java.sql; // its catalog API throws SQLException

    exports dev.barista.shop;

    opens dev.barista.shop to com.fasterxml.jackson.databind; // records written and read as JSON
}
