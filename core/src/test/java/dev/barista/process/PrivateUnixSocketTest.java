package dev.barista.process;

import com.sun.security.auth.module.UnixSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The IPC socket's directory is private and unguessable, and the sweep of stale ones (left by an owner
 * killed with SIGKILL) removes only this user's real directories: never through a link, never another's.
 */
class PrivateUnixSocketTest {
    /** No process has this pid (Linux caps pids at 2^22). */
    private static final long DEAD_PID = Integer.MAX_VALUE - 1;

    @TempDir
    Path tmp;

    @Test
    void theSocketLivesInAFreshOwnerOnlyDirectoryRemovedOnClose() throws IOException {
        Path directory;
        try (PrivateUnixSocket socket = PrivateUnixSocket.bind("barista-test-", "test.sock")) {
            directory = socket.path().getParent();
            assertThat(directory.getFileName().toString())
                    .startsWith("barista-test-" + ProcessHandle.current().pid() + "-");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory))).isEqualTo("rwx------");
            assertThat(socket.path()).exists();
        }
        assertThat(directory).doesNotExist();
    }

    @Test
    void theSweepRemovesOurStaleDirectoriesOnly() throws IOException, InterruptedException {
        Path stale = Files.createDirectory(tmp.resolve("barista-test-" + DEAD_PID + "-stale"));
        Files.writeString(stale.resolve("master.sock"), "");
        Path live = Files.createDirectory(tmp.resolve("barista-test-" + ProcessHandle.current().pid() + "-live"));
        Files.writeString(live.resolve("master.sock"), "");

        // A link named like a stale directory, planted to make the sweep delete what it points to.
        Path victim = Files.createDirectory(tmp.resolve("victim"));
        Files.writeString(victim.resolve("precious"), "keep me");
        Path planted = Files.createSymbolicLink(tmp.resolve("barista-test-" + DEAD_PID + "-link"), victim);
        // A stale directory holding a link: the link goes, what it points to stays.
        Path withLink = Files.createDirectory(tmp.resolve("barista-test-" + DEAD_PID + "-withlink"));
        Files.createSymbolicLink(withLink.resolve("master.sock"), victim.resolve("precious"));

        PrivateUnixSocket.sweepStale(tmp, "barista-test-");

        assertThat(stale).doesNotExist();
        assertThat(withLink).doesNotExist();
        assertThat(live.resolve("master.sock")).exists();
        assertThat(victim.resolve("precious")).hasContent("keep me");
        assertThat(Files.isSymbolicLink(planted)).isTrue();

        if (new UnixSystem().getUid() == 0) { // only root can give a directory to another user
            Path theirs = Files.createDirectory(tmp.resolve("barista-test-" + DEAD_PID + "-theirs"));
            Files.writeString(theirs.resolve("master.sock"), "");
            PrivateDirectoryTest.chown("65534", theirs.resolve("master.sock"));
            PrivateDirectoryTest.chown("65534", theirs);
            PrivateUnixSocket.sweepStale(tmp, "barista-test-");
            assertThat(theirs.resolve("master.sock")).exists();
        }
    }
}
