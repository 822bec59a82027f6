package dev.barista.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The top of the command line: its help, its version, its exit statuses. */
class BaristaCommandTest {

    @Test
    void helpListsTheLaunchersCommandsBesideTheProgramsOwn() {
        CliRun run = CliRun.of("--help");
        assertThat(run.exit()).isZero();
        assertThat(run.out().replaceAll("\\s+", " ")).contains("serve", "shop", "load", "lab", "Launcher commands",
                "test Every module's tests", "build Build every module", "dist dist/: a jlinked runtime", "cluster HAProxy and N instances", "Exit status: 0 done; 1 ", "--log-level=LEVEL",
                "--verbose", "--config=FILE");
    }

    @Test
    void theVersionIsTheOneMavenBuilt() {
        CliRun run = CliRun.of("--version");
        assertThat(run.exit()).isZero();
        assertThat(run.out().lines().findFirst()).hasValueSatisfying(line ->
                assertThat(line).matches("barista \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"));
        assertThat(run.out()).contains("Java " + Runtime.version()).doesNotContain("${");
        assertThat(CliRun.of("serve", "--version").out()).startsWith("barista " + BuildVersion.version());
    }
}
