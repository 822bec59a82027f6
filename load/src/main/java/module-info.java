/** The load generator and the model lab. */
module dev.barista.load {
    requires transitive dev.barista.core;
    requires HdrHistogram; // no module name of its own: the jar's
    requires com.fasterxml.jackson.databind;
    requires java.net.http; // the lab asks its servers for /stats

    exports dev.barista.load;
    exports dev.barista.load.lab;

    opens dev.barista.load.lab to com.fasterxml.jackson.databind; // the lab's results are records written as JSON
    opens dev.barista.load to com.fasterxml.jackson.databind;
}
