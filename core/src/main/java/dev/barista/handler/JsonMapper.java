package dev.barista.handler;

import java.lang.reflect.Type;

/**
 * Reads and writes JSON for handlers ({@link Request#bodyAs}, {@link dev.barista.http.Response#entity}).
 * Core ships none (it depends on the JDK alone): add {@code barista-jackson} to the class or module path and
 * it is found through {@link java.util.ServiceLoader}, or set one with {@code Server.Builder.json(mapper)}.
 * Implementations must be thread-safe.
 */
public interface JsonMapper {

    byte[] write(Object value) throws Exception;

    /** @param type a {@code Class} or a generic type such as {@code List<User>} */
    Object read(byte[] json, Type type) throws Exception;
}
