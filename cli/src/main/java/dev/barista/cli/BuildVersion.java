package dev.barista.cli;

import dev.barista.observe.Observability;
import picocli.CommandLine;

/** {@code --version}: the version Maven built, as {@code barista_build_info} reports it. */
final class BuildVersion implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[]{"barista " + version(),
                "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + "), "
                        + System.getProperty("os.name") + " " + System.getProperty("os.arch")};
    }

    static String version() {
        return Observability.version();
    }
}
