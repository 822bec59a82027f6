package dev.barista.process;

import dev.barista.conformance.ConformanceRoutes;

import java.util.logging.Filter;
import java.util.logging.LogRecord;

/**
 * Leaves out of a child JVM's log the failures the test routes cause on purpose (a handler that throws, a stream
 * that fails: their messages carry {@link ConformanceRoutes#EXPECTED_FAILURE}), so that the tests can read any
 * failure left in the output as a real one. Named in {@code child-jvm-logging.properties}.
 */
public final class ExpectedFailureFilter implements Filter {
    @Override
    public boolean isLoggable(LogRecord record) {
        for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(ConformanceRoutes.EXPECTED_FAILURE)) return false;
        }
        return true;
    }
}
