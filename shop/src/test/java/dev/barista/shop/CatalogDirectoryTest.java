package dev.barista.shop;

import com.sun.security.auth.module.UnixSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The catalog's directory is the owner's alone: created 0700, narrowed to 0700, never another user's. */
class CatalogDirectoryTest {
    @TempDir
    Path tmp;

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void aNewOneIsOwnerOnlyAndAnOldWiderOneIsNarrowed() throws Exception {
        Path fresh = CatalogDirectory.prepare(tmp.resolve("cache").resolve("shop"));
        assertThat(mode(fresh)).isEqualTo("rwx------");

        Path old = Files.createDirectory(tmp.resolve("old"));
        Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rwxr-xr-x"));
        CatalogDirectory.prepare(old);
        assertThat(mode(old)).isEqualTo("rwx------");
    }

    @Test
    void aFileOrAnotherUsersDirectoryIsRefused() throws Exception {
        Path file = Files.writeString(tmp.resolve("file"), "");
        assertThatThrownBy(() -> CatalogDirectory.prepare(file)).hasMessageContaining("not a directory");

        assumeTrue(new UnixSystem().getUid() == 0, "only root can give a directory to another user");
        Path theirs = Files.createDirectory(tmp.resolve("theirs"));
        assertThat(new ProcessBuilder("chown", "65534", theirs.toString()).inheritIO().start().waitFor()).isZero();
        assertThatThrownBy(() -> CatalogDirectory.prepare(theirs)).hasMessageContaining("not to this user");
    }

    @Test
    void theCatalogOpensThereAgainAcrossRuns() throws Exception {
        Path dir = CatalogDirectory.prepare(tmp.resolve("shop"));
        try (ProductCatalog first = ProductCatalog.open(ProductCatalog.fileUrl(dir), 2, 100, 1)) {
            assertThat(first.seededNow()).isTrue();
        }
        try (ProductCatalog again = ProductCatalog.open(ProductCatalog.fileUrl(CatalogDirectory.prepare(dir)), 2, 100, 1)) {
            assertThat(again.seededNow()).isFalse();
            assertThat(again.count()).isEqualTo(100);
        }
    }
}
