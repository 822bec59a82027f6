package dev.barista.process;

import dev.barista.Server;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Re-running this program: argv is split into JVM options, launch target and arguments exactly. */
class ProgramCommandTest {

    @Test
    void aJarProgramIsRerunWithExtraOptionsBeforeTheJar() {
        List<String> argv = List.of("-Xmx1g", "-agentlib:jdwp=transport=dt_socket,server=y", "-jar", "app.jar",
                "serve", "--model", "prefork");
        ProgramCommand p = ProgramCommand.fromArgv("/jdk/bin/java", argv, "app.jar serve --model prefork").orElseThrow();
        assertThat(p.with(List.of(), List.of("-Dbarista.role=x"))).containsExactly("/jdk/bin/java",
                "-XX:+ExitOnOutOfMemoryError", "-Xmx1g", "-Dbarista.role=x", "-jar", "app.jar", "serve", "--model",
                "prefork");
    }

    @Test
    void argumentsWithSpacesAndAnOptionValueEqualToTheMainClassAreKept() {
        List<String> argv = List.of("-cp", "Main", "-XX:+UseZGC", "Main", "a b", "c");
        ProgramCommand p = ProgramCommand.fromArgv("java", argv, "Main a b c").orElseThrow();
        assertThat(p.with(List.of("-XX:+UseZGC"), List.of("-XX:+UseSerialGC")))
                .containsExactly("java", "-XX:+ExitOnOutOfMemoryError", "-cp", "Main", "-XX:+UseSerialGC", "Main",
                        "a b", "c");
    }

    @Test
    void childrenGetTheInheritedPropertiesAndExitOnOutOfMemoryUnlessTheProgramSaysOtherwise() {
        List<String> argv = List.of("-XX:-ExitOnOutOfMemoryError", "-cp", "x", "Main");
        ProgramCommand p = ProgramCommand.fromArgv("java", argv, "Main").orElseThrow()
                .inheriting(java.util.Map.of("barista.shop.urls", "http://127.0.0.1:1/ http://127.0.0.1:2/"));
        // The program's own -XX:-ExitOnOutOfMemoryError is kept, and the default not added.
        assertThat(p.with(List.of(), List.of("-Dbarista.role=x"))).containsExactly("java",
                "-XX:-ExitOnOutOfMemoryError", "-cp", "x",
                "-Dbarista.shop.urls=http://127.0.0.1:1/ http://127.0.0.1:2/", "-Dbarista.role=x", "Main");
        // Nor twice when the program has it already (the launcher gives it).
        ProgramCommand launched = ProgramCommand.fromArgv("java", List.of("-XX:+ExitOnOutOfMemoryError", "-jar",
                "b.jar"), "b.jar").orElseThrow();
        assertThat(launched.with(List.of(), List.of())).containsExactly("java", "-XX:+ExitOnOutOfMemoryError",
                "-jar", "b.jar");
    }

    @Test
    void anArgvThatDoesNotSpellTheCommandIsNotGuessed() {
        assertThat(ProgramCommand.fromArgv("java", List.of("-cp", "x", "Other"), "Main")).isEmpty();
    }

    @Test
    void aTestRunnerIsNeverRerun() {
        // Surefire runs this test: re-running it in children would run the suite again in each of them.
        assertThatThrownBy(ProgramCommand::current).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("test runner");
        assertThatThrownBy(() -> Server.builder().port(0).model("prefork").start())
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Server.builder().port(0).model("process-per-connection").start())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void onlyTheMultiProcessModelsTakeAProcessCount() {
        assertThatThrownBy(() -> Server.builder().port(0).model("reactor").processes(2).start())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one process");
    }
}
