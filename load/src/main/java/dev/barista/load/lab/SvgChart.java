package dev.barista.load.lab;

import java.util.List;
import java.util.Locale;

/**
 * Small inline-SVG charts for the lab report: lines over connection counts, and grouped bars. No script,
 * no fonts, no network: the page renders the same offline. Missing points (a cell that did not run) are gaps.
 */
final class SvgChart {
    static final String[] PALETTE = {"#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#be185d",
            "#4d7c0f", "#7c2d12", "#475569", "#ca8a04"};
    private static final int W = 600;
    private static final int H = 330;
    private static final int LEFT = 64;
    private static final int RIGHT = 172;
    private static final int TOP = 34;
    private static final int BOTTOM = 72;

    /**
     * A named line or bar series; NaN marks a missing value. A {@code reference} line (a bound, a cap) is drawn
     * thin and dashed in its colour, without markers, so it reads as a limit rather than as a measurement.
     */
    record Series(String name, String color, double[] values, boolean reference) {
        Series(String name, String color, double[] values) {
            this(name, color, values, false);
        }
    }

    /** The colour of reference lines: dark grey, apart from every measured series' hue. */
    static final String REFERENCE = "#374151";

    private SvgChart() {
    }

    static String lines(String title, String yLabel, List<String> xLabels, List<Series> series, boolean logY) {
        return lines(title, yLabel, "connections", xLabels, series, logY);
    }

    static String lines(String title, String yLabel, String xTitle, List<String> xLabels, List<Series> series,
                        boolean logY) {
        double max = 0;
        double min = Double.MAX_VALUE;
        for (Series s : series) {
            for (double v : s.values) {
                if (Double.isNaN(v) || (logY && v <= 0)) continue;
                max = Math.max(max, v);
                min = Math.min(min, v);
            }
        }
        StringBuilder b = open(title);
        if (max == 0) return close(b.append(text(LEFT + 10, TOP + 40, empty(series), "start", "#666")));
        Scale y = logY ? Scale.log(min, max) : Scale.linear(max);
        axes(b, yLabel, y);
        int n = xLabels.size();
        double step = n == 1 ? 0 : (double) (W - LEFT - RIGHT - 40) / (n - 1);
        for (int i = 0; i < n; i++) {
            double x = LEFT + 20 + i * step;
            b.append(text(x, H - BOTTOM + 18, xLabels.get(i), "middle", "#333"));
        }
        b.append(text((LEFT + W - RIGHT) / 2.0, H - BOTTOM + 36, xTitle, "middle", "#555"));
        for (int si = 0; si < series.size(); si++) {
            Series s = series.get(si);
            StringBuilder path = new StringBuilder();
            boolean pen = false;
            for (int i = 0; i < n; i++) {
                double v = s.values[i];
                if (Double.isNaN(v) || (logY && v <= 0)) {
                    pen = false;
                    continue;
                }
                double x = LEFT + 20 + i * step;
                double py = y.toPixel(v);
                path.append(pen ? " L" : " M").append(f(x)).append(' ').append(f(py));
                pen = true;
                if (!s.reference) b.append(marker(si, x, py, s.color, s.name + " at " + xLabels.get(i) + ": " + number(v)));
            }
            if (!path.isEmpty() && s.reference) {
                b.append(String.format("<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.2\" stroke-dasharray=\"%s\"><title>%s</title></path>",
                        path.toString().trim(), s.color, si % 2 == 0 ? "5 4" : "1 3", esc(s.name)));
            } else if (!path.isEmpty()) {
                b.append(String.format("<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s/>",
                        path.toString().trim(), s.color, dash(si)));
            }
            legend(b, si, s, true);
        }
        return close(b);
    }

    /** What an empty chart says: all zero is news (no errors anywhere), no points at all is not. */
    private static String empty(List<Series> series) {
        for (Series s : series) for (double v : s.values) if (v == 0) return "0 everywhere";
        return "no data";
    }

    static String bars(String title, String yLabel, List<String> groups, List<Series> series) {
        double max = 0;
        for (Series s : series) for (double v : s.values) if (!Double.isNaN(v)) max = Math.max(max, v);
        StringBuilder b = open(title);
        if (max == 0) return close(b.append(text(LEFT + 10, TOP + 40, "no data", "start", "#666")));
        Scale y = Scale.linear(max);
        axes(b, yLabel, y);
        double groupWidth = (double) (W - LEFT - RIGHT) / groups.size();
        double barWidth = Math.max(2, (groupWidth - 8) / series.size());
        for (int g = 0; g < groups.size(); g++) {
            double gx = LEFT + g * groupWidth + 4;
            for (int si = 0; si < series.size(); si++) {
                double v = series.get(si).values[g];
                if (Double.isNaN(v)) continue;
                double top = y.toPixel(v);
                String barTitle = groups.get(g) + ", " + series.get(si).name + ": " + number(v);
                b.append(String.format(Locale.ROOT, "<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" fill=\"%s\"><title>%s</title></rect>",
                        f(gx + si * barWidth), f(top), f(barWidth - 1), f(H - BOTTOM - top), series.get(si).color,
                        esc(barTitle)));
                // The series' marker above its bar: told apart by shape, not by hue alone.
                b.append(marker(si, gx + si * barWidth + (barWidth - 1) / 2, top - 6, series.get(si).color, barTitle));
            }
            String label = groups.get(g);
            b.append(String.format(Locale.ROOT, "<text x=\"%s\" y=\"%d\" font-size=\"10\" fill=\"#333\" text-anchor=\"end\" transform=\"rotate(-30 %s %d)\">%s</text>",
                    f(gx + groupWidth / 2), H - BOTTOM + 14, f(gx + groupWidth / 2), H - BOTTOM + 14, esc(label)));
        }
        for (int si = 0; si < series.size(); si++) legend(b, si, series.get(si), false);
        return close(b);
    }

    private static StringBuilder open(String title) {
        StringBuilder b = new StringBuilder();
        b.append(String.format("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\" font-family=\"system-ui, sans-serif\">",
                W, H, esc(title)));
        b.append(text(LEFT - 50, 20, title, "start", "#111").replace("<text ", "<text font-weight=\"600\" font-size=\"14\" "));
        return b;
    }

    private static String close(StringBuilder b) {
        return b.append("</svg>").toString();
    }

    private static void axes(StringBuilder b, String yLabel, Scale y) {
        for (double t : y.ticks()) {
            double py = y.toPixel(t);
            b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%s\" x2=\"%d\" y2=\"%s\" stroke=\"#e5e7eb\"/>",
                    LEFT, f(py), W - RIGHT, f(py)));
            b.append(text(LEFT - 6, py + 4, number(t), "end", "#555"));
        }
        b.append(String.format("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#9ca3af\"/>", LEFT, TOP, LEFT, H - BOTTOM));
        b.append(String.format("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#9ca3af\"/>", LEFT, H - BOTTOM, W - RIGHT, H - BOTTOM));
        b.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%d\" font-size=\"11\" fill=\"#555\" text-anchor=\"middle\" transform=\"rotate(-90 14 %d)\">%s</text>",
                (TOP + H - BOTTOM) / 2, (TOP + H - BOTTOM) / 2, esc(yLabel)));
    }

    /** A line's sample (with its dash) or a bar's swatch, the series' marker on it, and the name. */
    private static void legend(StringBuilder b, int index, Series s, boolean line) {
        int y = TOP + 6 + index * 17;
        int x = W - RIGHT + 8;
        if (s.reference) {
            b.append(String.format("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"1.2\" stroke-dasharray=\"%s\"/>",
                    x, y - 4, x + 18, y - 4, s.color, index % 2 == 0 ? "5 4" : "1 3"));
            b.append(text(W - RIGHT + 32, y, s.name, "start", "#222").replace("font-size=\"11\"", "font-size=\"10.5\""));
            return;
        }
        if (line) {
            b.append(String.format("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"%s/>",
                    x, y - 4, x + 18, y - 4, s.color, dash(index)));
        } else {
            b.append(String.format("<rect x=\"%d\" y=\"%d\" width=\"18\" height=\"10\" rx=\"2\" fill=\"%s\" opacity=\"0.35\"/>",
                    x, y - 9, s.color));
        }
        b.append(marker(index, x + 9, y - 4, s.color, s.name));
        b.append(text(W - RIGHT + 32, y, s.name, "start", "#222").replace("font-size=\"11\"", "font-size=\"10.5\""));
    }

    /** Series differ by marker shape and line dash as well as by colour (colour-blind readers, grey print). */
    private static final String[] DASHES = {"", "6 3", "2 3", "8 3 2 3", "1 4"};
    private static final int SHAPES = 7;

    private static String dash(int index) {
        String d = DASHES[index % DASHES.length];
        return d.isEmpty() ? "" : " stroke-dasharray=\"" + d + "\"";
    }

    /** Series {@code index}'s marker centred on (x, y): circle, square, triangle, diamond, triangle down, cross, plus. */
    static String marker(int index, double x, double y, String color, String title) {
        double r = 4;
        String shape = switch (index % SHAPES) {
            case 0 -> String.format(Locale.ROOT, "<circle cx=\"%s\" cy=\"%s\" r=\"3.5\" fill=\"%s\"", f(x), f(y), color);
            case 1 -> String.format(Locale.ROOT, "<rect x=\"%s\" y=\"%s\" width=\"7\" height=\"7\" fill=\"%s\"",
                    f(x - 3.5), f(y - 3.5), color);
            case 2 -> polygon(color, x, y - r, x + r, y + r * 0.8, x - r, y + r * 0.8);
            case 3 -> polygon(color, x, y - r, x + r, y, x, y + r, x - r, y);
            case 4 -> polygon(color, x - r, y - r * 0.8, x + r, y - r * 0.8, x, y + r);
            case 5 -> String.format(Locale.ROOT, "<path d=\"M%s %s L%s %s M%s %s L%s %s\" stroke=\"%s\" stroke-width=\"2.2\"",
                    f(x - r), f(y - r), f(x + r), f(y + r), f(x - r), f(y + r), f(x + r), f(y - r), color);
            default -> String.format(Locale.ROOT, "<path d=\"M%s %s L%s %s M%s %s L%s %s\" stroke=\"%s\" stroke-width=\"2.2\"",
                    f(x - r), f(y), f(x + r), f(y), f(x), f(y - r), f(x), f(y + r), color);
        };
        return shape + "><title>" + esc(title) + "</title>" + closing(shape);
    }

    private static String polygon(String color, double... xy) {
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < xy.length; i += 2) points.append(f(xy[i])).append(',').append(f(xy[i + 1])).append(' ');
        return String.format("<polygon points=\"%s\" fill=\"%s\"", points.toString().trim(), color);
    }

    private static String closing(String shape) {
        return "</" + shape.substring(1, shape.indexOf(' ')) + ">";
    }

    private static String text(double x, double y, String s, String anchor, String color) {
        return String.format(Locale.ROOT, "<text x=\"%s\" y=\"%s\" font-size=\"11\" fill=\"%s\" text-anchor=\"%s\">%s</text>",
                f(x), f(y), color, anchor, esc(s));
    }

    static String number(double v) {
        double a = Math.abs(v);
        if (a >= 1e6) return String.format(Locale.ROOT, "%.1fM", v / 1e6);
        if (a >= 1e4) return String.format(Locale.ROOT, "%.0fk", v / 1e3);
        if (a >= 1e3) return String.format(Locale.ROOT, "%.1fk", v / 1e3);
        if (a >= 10 || v == Math.rint(v)) return String.format(Locale.ROOT, "%.0f", v);
        if (a >= 1) return String.format(Locale.ROOT, "%.1f", v);
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** Maps values to pixel rows: linear from 0, or log10 over whole decades. */
    private record Scale(boolean log, double lo, double hi) {
        static Scale linear(double max) {
            double step = niceStep(max / 5);
            return new Scale(false, 0, Math.ceil(max / step) * step);
        }

        static Scale log(double min, double max) {
            double lo = Math.pow(10, Math.floor(Math.log10(min)));
            double hi = Math.pow(10, Math.ceil(Math.log10(max)));
            if (hi <= lo) hi = lo * 10;
            return new Scale(true, lo, hi);
        }

        double toPixel(double v) {
            double frac = log ? (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)) : (v - lo) / (hi - lo);
            return H - BOTTOM - frac * (H - BOTTOM - TOP);
        }

        List<Double> ticks() {
            List<Double> t = new java.util.ArrayList<>();
            if (log) {
                for (double v = lo; v <= hi * 1.0001; v *= 10) t.add(v);
            } else {
                double step = niceStep(hi / 5);
                for (double v = 0; v <= hi * 1.0001; v += step) t.add(v);
            }
            return t;
        }

        private static double niceStep(double raw) {
            if (raw <= 0) return 1;
            double p = Math.pow(10, Math.floor(Math.log10(raw)));
            double m = raw / p;
            return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
        }
    }
}
