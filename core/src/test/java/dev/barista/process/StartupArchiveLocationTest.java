package dev.barista.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where the connection children's AOT cache lives: beside the jar, else in the user's cache directory, in
 * a directory only this user may write (a cache others could write is code they could make children run).
 */
class StartupArchiveLocationTest {
    @TempDir
    Path tmp;

    private ProgramCommand jarIn(Path dir) {
        return new ProgramCommand("java", List.of(), List.of("-jar", dir.resolve("app.jar").toString()), List.of());
    }

    @Test
    void besideTheJarInADirectoryCreatedOwnerOnly() throws IOException {
        Path build = Files.createDirectory(tmp.resolve("target"));
        Path archive = StartupArchive.location(jarIn(build), tmp.resolve("cache"));
        assertThat(archive.getParent()).isEqualTo(build.resolve("barista-aot"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(archive.getParent())))
                .isEqualTo("rwx------");
        assertThat(archive.getFileName().toString()).startsWith("child-").endsWith(".aot");
    }

    @Test
    void aDirectoryOthersMayWriteIsPassedOverForTheUsersCache() throws IOException {
        Path build = Files.createDirectory(tmp.resolve("target"));
        Path shared = Files.createDirectory(build.resolve("barista-aot"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path archive = StartupArchive.location(jarIn(build), tmp.resolve("cache").resolve("aot"));
        assertThat(archive.getParent()).isEqualTo(tmp.resolve("cache").resolve("aot"));
    }

    @Test
    void noPrivatePlaceMeansNoCache() throws IOException {
        Path build = Files.createDirectory(tmp.resolve("target"));
        Path target = Files.createDirectory(tmp.resolve("elsewhere"));
        Files.createSymbolicLink(build.resolve("barista-aot"), target);
        Files.createSymbolicLink(tmp.resolve("cache"), target);
        assertThat(StartupArchive.location(jarIn(build), tmp.resolve("cache"))).isNull();
    }
}
