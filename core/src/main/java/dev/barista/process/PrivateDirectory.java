package dev.barista.process;

import com.sun.security.auth.module.UnixSystem;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Directories that only this user can use, for what the multi-process models keep on disk (IPC sockets, the
 * children's class-data cache). Another local user must not be able to plant a file there, swap one, or
 * point us elsewhere with a symbolic link, least of all in a shared, world-writable {@code /tmp}: a new
 * directory is created 0700 (the mode given to mkdir, not set after it), and one that already exists is
 * used only if it is a real directory (not a link), ours, and writable by nobody else.
 */
final class PrivateDirectory {
    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_AT_CREATION =
            PosixFilePermissions.asFileAttribute(OWNER_ONLY);
    private static final long OWN_UID = new UnixSystem().getUid();

    private PrivateDirectory() {
    }

    /** A new 0700 directory in {@code parent}: {@code prefix} then random characters, so not guessable. */
    static Path createTemp(Path parent, String prefix) throws IOException {
        return Files.createTempDirectory(parent, prefix, OWNER_ONLY_AT_CREATION);
    }

    /**
     * {@code dir}, created 0700 if it does not exist (its missing parents as usual), or checked if it does.
     *
     * @throws IOException if it exists but is a link, another user's, or writable by group or others
     */
    static Path ensure(Path dir) throws IOException {
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        try {
            Files.createDirectory(dir, OWNER_ONLY_AT_CREATION);
            return dir;
        } catch (FileAlreadyExistsException e) {
            String problem = problem(dir);
            if (problem != null) throw new IOException("will not use " + dir + ": " + problem);
            return dir;
        }
    }

    /** Whether {@code path} is a real directory owned by this user (what a stale-file sweep may empty). */
    static boolean isOwnDirectory(Path path) {
        try {
            PosixFileAttributes a = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return a.isDirectory() && ownerUid(path) == OWN_UID;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** Why an existing {@code dir} is not private to us, or null if it is. */
    private static String problem(Path dir) throws IOException {
        PosixFileAttributes a = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (a.isSymbolicLink()) return "it is a symbolic link";
        if (!a.isDirectory()) return "it is not a directory";
        if (ownerUid(dir) != OWN_UID) return "it belongs to " + a.owner().getName() + ", not to this user";
        Set<PosixFilePermission> p = a.permissions();
        if (p.contains(PosixFilePermission.GROUP_WRITE) || p.contains(PosixFilePermission.OTHERS_WRITE)) {
            return "others may write to it (" + PosixFilePermissions.toString(p) + ")";
        }
        return null;
    }

    private static long ownerUid(Path path) throws IOException {
        return ((Number) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue();
    }
}
