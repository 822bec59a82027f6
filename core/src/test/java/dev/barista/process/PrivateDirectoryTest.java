package dev.barista.process;

import com.sun.security.auth.module.UnixSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Directories only this user can use: created 0700, and an existing one used only if it is ours alone. */
class PrivateDirectoryTest {
    @TempDir
    Path tmp;

    @Test
    void aTemporaryOneIsOwnerOnlyAndUnpredictable() throws IOException {
        Path a = PrivateDirectory.createTemp(tmp, "barista-test-");
        Path b = PrivateDirectory.createTemp(tmp, "barista-test-");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(a))).isEqualTo("rwx------");
        assertThat(a.getFileName().toString()).startsWith("barista-test-").hasSizeGreaterThan("barista-test-".length() + 8);
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void aMissingOneIsCreatedOwnerOnly() throws IOException {
        Path dir = tmp.resolve("a").resolve("cache");
        PrivateDirectory.ensure(dir);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
    }

    @Test
    void anExistingOneOfOursThatOnlyWeMayWriteIsUsed() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("cache"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        assertThat(PrivateDirectory.ensure(dir)).isEqualTo(dir);
    }

    @Test
    void aLinkADirectoryOthersMayWriteOrAnotherUsersIsRefused() throws IOException, InterruptedException {
        Path mine = Files.createDirectory(tmp.resolve("mine"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), mine);
        assertThatThrownBy(() -> PrivateDirectory.ensure(link)).hasMessageContaining("symbolic link");

        Path open = Files.createDirectory(tmp.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> PrivateDirectory.ensure(open)).hasMessageContaining("others may write");

        assumeTrue(new UnixSystem().getUid() == 0, "only root can give a directory to another user");
        Path theirs = Files.createDirectory(tmp.resolve("theirs"));
        chown("65534", theirs);
        assertThatThrownBy(() -> PrivateDirectory.ensure(theirs)).hasMessageContaining("not to this user");
        assertThat(PrivateDirectory.isOwnDirectory(theirs)).isFalse();
        assertThat(PrivateDirectory.isOwnDirectory(link)).isFalse();
        assertThat(PrivateDirectory.isOwnDirectory(mine)).isTrue();
    }

    static void chown(String uid, Path path) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of("chown", "-h", uid, path.toString())).inheritIO().start();
        assertThat(p.waitFor()).isZero();
        assertThat(Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(Integer.parseInt(uid));
    }
}
