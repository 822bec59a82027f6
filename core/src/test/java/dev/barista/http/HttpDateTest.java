package dev.barista.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Date field line: IMF-fixdate (RFC 9110 5.6.7), current to the second, shared by every thread. */
class HttpDateTest {

    private static final String IMF_FIXDATE =
            "Date: (Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \\d{4} "
                    + "\\d{2}:\\d{2}:\\d{2} GMT\r\n";

    private static String line() {
        return new String(HttpDate.dateLine(), StandardCharsets.US_ASCII);
    }

    /**
     * The formatting of a chosen instant. The clock cannot be injected, so this reaches the private formatter
     * reflectively: the only way to test days 1-9, the year's last week and the afternoon on any day the build runs.
     */
    private static String format(long epochSecond) throws Exception {
        Method format = HttpDate.class.getDeclaredMethod("format", long.class);
        format.setAccessible(true);
        Object cached = format.invoke(null, epochSecond * 1000); // it takes the wall clock in milliseconds
        Method line = cached.getClass().getDeclaredMethod("line");
        line.setAccessible(true);
        return new String((byte[]) line.invoke(cached), StandardCharsets.US_ASCII);
    }

    @Test
    void isAnImfFixdateLine() {
        assertThat(line()).matches(IMF_FIXDATE);
    }

    @Test
    void isTheCurrentTime() {
        long before = System.currentTimeMillis() / 1000;
        String value = line().substring("Date: ".length()).trim();
        long after = System.currentTimeMillis() / 1000;
        long parsed = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toEpochSecond();
        assertThat(parsed).isBetween(before, after);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "784111777  | Sun, 06 Nov 1994 08:49:37 GMT", // RFC 9110's own example
            "0          | Thu, 01 Jan 1970 00:00:00 GMT",
            "1735603200 | Tue, 31 Dec 2024 00:00:00 GMT", // week-based year is already 2025: 'YYYY' would say so
            "1709251199 | Thu, 29 Feb 2024 23:59:59 GMT",
            "1700053200 | Wed, 15 Nov 2023 13:00:00 GMT", // afternoon: 'hh' would say 01
            "4102444800 | Fri, 01 Jan 2100 00:00:00 GMT"})
    void formatsChosenInstants(long epochSecond, String expected) throws Exception {
        assertThat(format(epochSecond)).isEqualTo("Date: " + expected + "\r\n");
        assertThat(Instant.ofEpochSecond(epochSecond))
                .isEqualTo(ZonedDateTime.parse(expected, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
    }

    @Test
    void isFormattedOncePerSecond() {
        // Retry until both calls land in the same second.
        for (int attempt = 0; attempt < 10; attempt++) {
            long s = System.currentTimeMillis() / 1000;
            byte[] a = HttpDate.dateLine();
            byte[] b = HttpDate.dateLine();
            if (System.currentTimeMillis() / 1000 == s) {
                assertThat(b).isSameAs(a);
                return;
            }
        }
        throw new AssertionError("could not make two calls within one second");
    }

    @Test
    void isSafeToShareAcrossThreads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Boolean>> tasks = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                tasks.add(() -> {
                    for (int i = 0; i < 2000; i++) {
                        if (!line().matches(IMF_FIXDATE)) return false;
                    }
                    return true;
                });
            }
            for (Future<Boolean> f : pool.invokeAll(tasks)) assertThat(f.get()).isTrue();
        } finally {
            pool.shutdownNow();
        }
    }
}
