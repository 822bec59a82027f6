package dev.barista.cli;

import dev.barista.shop.Delay;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one duration syntax: a bare number is seconds, whatever option it is given to. */
class DurationConverterTest {

    @ParameterizedTest(name = "{0} = {1} ns")
    @CsvSource({"10, 10000000000", "1.5, 1500000000", "0, 0", "10s, 10000000000", "500ms, 500000000",
            "250us, 250000", "2m, 120000000000", "1h, 3600000000000", "' 3S ', 3000000000", "0.5ms, 500000"})
    void parses(String text, long nanos) {
        assertThat(DurationConverter.parse(text)).isEqualTo(Duration.ofNanos(nanos));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "s", "-1", "-1s", "1x", "ten", "1.5ns", "1e400s", "1 h 2 m"})
    void refusesWhatIsNotADuration(String text) {
        assertThatThrownBy(() -> DurationConverter.parse(text)).isInstanceOf(CommandLine.TypeConversionException.class)
                .hasMessage("'" + text + "' is not a duration: write 10 (seconds), 10s, 500ms, 2m or 1h");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2h", "3m", "10s", "1500ms", "250us", "0"})
    void printsAsTyped(String text) {
        assertThat(DurationConverter.text(DurationConverter.parse(text))).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({"0, 0", "20, 20s", "20ms, 20ms", "uniform:10ms-30ms, uniform:10ms-30ms", "exp:1.5, exp:1500ms"})
    void latenciesUseTheSameSyntax(String text, String printed) {
        Delay delay = new DelayConverter().convert(text);
        assertThat(delay).hasToString(printed);
    }
}
