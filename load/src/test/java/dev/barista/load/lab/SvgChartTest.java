package dev.barista.load.lab;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Series are told apart by marker and dash, not by hue alone; and every element the chart opens, it closes. */
class SvgChartTest {

    private static List<SvgChart.Series> series(int n, int points) {
        List<SvgChart.Series> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] values = new double[points];
            for (int p = 0; p < points; p++) values[p] = (i + 1) * 100 + p;
            all.add(new SvgChart.Series("model-" + i, SvgChart.PALETTE[i % SvgChart.PALETTE.length], values));
        }
        return all;
    }

    @Test
    void sevenSeriesGetSevenMarkerShapesAndTheLinesDifferInDash() {
        String svg = SvgChart.lines("throughput", "requests/s", List.of("100", "1000", "10000"), series(7, 3), false);
        Set<String> shapes = new HashSet<>();
        // Same place, colour and title: what is left to differ is the shape.
        for (int i = 0; i < 7; i++) shapes.add(SvgChart.marker(i, 10, 10, "#000", "t"));
        assertThat(shapes).hasSize(7);
        assertThat(SvgChart.marker(7, 10, 10, "#000", "t")).as("the eighth repeats the first").isEqualTo(SvgChart.marker(0, 10, 10, "#000", "t"));
        Matcher dashes = Pattern.compile("<path d=\"M[^\"]*\" fill=\"none\" stroke=\"[^\"]+\" stroke-width=\"2\"( stroke-dasharray=\"([^\"]+)\")?")
                .matcher(svg);
        Set<String> patterns = new HashSet<>();
        int lines = 0;
        while (dashes.find()) {
            lines++;
            patterns.add(dashes.group(2) == null ? "solid" : dashes.group(2));
        }
        assertThat(lines).isEqualTo(7);
        assertThat(patterns).hasSize(5);
    }

    @Test
    void barsCarryTheirSeriesMarkerAndTheLegendShowsIt() {
        String svg = SvgChart.bars("cpu", "%", List.of("reactor", "event-loop"), series(3, 2));
        // two groups x three series: a marker over every bar, plus one per legend entry
        assertThat(count(svg, "<title>reactor, model-1")).isEqualTo(2); // the bar and its marker
        assertThat(count(svg, "<polygon")).isEqualTo(3); // model-2's triangles: two bars and the legend
    }

    @Test
    void everyOpenedElementIsClosed() {
        String svg = SvgChart.lines("t", "y", List.of("1", "2"), series(9, 2), true)
                + SvgChart.bars("b", "y", List.of("a", "b"), series(9, 2));
        for (String tag : List.of("circle", "rect", "polygon", "path", "title", "text", "svg")) {
            int opened = count(svg, "<" + tag + " ") + count(svg, "<" + tag + ">");
            int closed = count(svg, "</" + tag + ">") + selfClosed(svg, tag);
            assertThat(closed).as(tag).isEqualTo(opened);
        }
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) n++;
        return n;
    }

    private static int selfClosed(String s, String tag) {
        Matcher m = Pattern.compile("<" + tag + " [^>]*/>").matcher(s);
        int n = 0;
        while (m.find()) n++;
        return n;
    }
}
