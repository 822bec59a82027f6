package dev.barista.shop;

import com.sun.security.auth.module.UnixSystem;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Where the catalog database lives: a directory only its owner may enter (0700), since the database files
 * themselves are created with the process's umask and whoever can read them can read the catalog. A new
 * directory gets 0700 as it is created; one that exists must be ours, and is narrowed to 0700 if it was
 * wider (as earlier versions made it).
 */
public final class CatalogDirectory {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private CatalogDirectory() {
    }

    /**
     * Creates {@code dir} (and its missing parents) or checks it; returns it.
     *
     * @throws IOException if it cannot be created, is not a directory, or belongs to another user
     */
    public static Path prepare(Path dir) throws IOException {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return Files.createDirectories(dir);
        }
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            return dir;
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) throw new IOException(dir + " is not a directory");
            long owner = ((Number) Files.getAttribute(dir, "unix:uid")).longValue();
            if (owner != new UnixSystem().getUid()) {
                throw new IOException(dir + " belongs to " + Files.getOwner(dir).getName() + ", not to this user");
            }
            if (!Files.getPosixFilePermissions(dir).equals(OWNER_ONLY)) Files.setPosixFilePermissions(dir, OWNER_ONLY);
            return dir;
        }
    }
}
