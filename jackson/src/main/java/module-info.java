/** Barista's {@code JsonMapper} on Jackson, provided to {@code ServiceLoader}. */
module dev.barista.jackson {
    requires transitive dev.barista.core;
    requires transitive com.fasterxml.jackson.databind;

    exports dev.barista.jackson;

    provides dev.barista.handler.JsonMapper with dev.barista.jackson.JacksonJsonMapper;
}
