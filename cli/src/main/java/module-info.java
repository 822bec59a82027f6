/** The {@code barista} command: serve, shop, load, lab. */
module dev.barista.cli {
    requires dev.barista.core;
    requires dev.barista.shop;
    requires dev.barista.load;
    requires info.picocli;
    requires com.fasterxml.jackson.databind;
    requires dev.barista.observe;
    requires java.logging;

    exports dev.barista.cli;

    opens dev.barista.cli to info.picocli, com.fasterxml.jackson.databind; // commands and JSON records, by reflection
}
