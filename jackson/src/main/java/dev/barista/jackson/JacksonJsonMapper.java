package dev.barista.jackson;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barista.handler.JsonMapper;

import java.lang.reflect.Type;

/**
 * Barista's {@link JsonMapper} on Jackson. On the class or module path it is found by
 * {@link java.util.ServiceLoader} (a plain {@link ObjectMapper}); to configure Jackson, pass your own
 * mapper to {@code Server.Builder.json(new JacksonJsonMapper(objectMapper))}.
 */
public final class JacksonJsonMapper implements JsonMapper {
    private final ObjectMapper mapper;

    /** With a default {@link ObjectMapper}: what ServiceLoader creates. */
    public JacksonJsonMapper() {
        this(new ObjectMapper());
    }

    public JacksonJsonMapper(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public byte[] write(Object value) throws Exception {
        return mapper.writeValueAsBytes(value);
    }

    @Override
    public Object read(byte[] json, Type type) throws Exception {
        JavaType javaType = mapper.getTypeFactory().constructType(type);
        return mapper.readValue(json, javaType);
    }
}
