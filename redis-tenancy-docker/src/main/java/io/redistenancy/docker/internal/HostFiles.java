package io.redistenancy.docker.internal;

import io.redistenancy.internal.Checked;
import io.redistenancy.internal.DeferredSync;
import io.redistenancy.internal.PrivateFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The host-side files of containers: directories and files created with their final permissions
 * (never open first and tightened later), handed to the container's uid/gid where this JVM may chown,
 * written atomically (temp file, fsync, rename) so a reader sees the old content or the new.
 */
final class HostFiles {
  private HostFiles() {}

  /** Creates {@code dir} (parents as needed, 0700) with {@code mode}; sets mode and owner either way. */
  static Path directory(Path dir, String mode, Owner owner) {
    return Checked.io("create directory " + dir, () -> {
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
          directory(parent, "rwx------", Owner.KEEP);
        }
        try {
          Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(perms(mode)));
        } catch (java.nio.file.FileAlreadyExistsException raced) {
          // a parallel provision made it first: fine, the mode and owner are set below either way
        }
      }
      Files.setPosixFilePermissions(dir, perms(mode));
      owner.apply(dir);
      return dir;
    });
  }

  /** Writes {@code text} to {@code file} atomically with {@code mode} and {@code owner}. */
  static void write(Path file, String text, String mode, Owner owner) {
    PrivateFiles.write(file, text.getBytes(StandardCharsets.UTF_8), handOver(mode, owner));
  }

  /** As {@link #write(Path, String, String, Owner)}, durable only after {@code later.sync()}. */
  static void write(Path file, String text, String mode, Owner owner, DeferredSync later) {
    later.write(file, text, handOver(mode, owner));
  }

  private static PrivateFiles.BeforeRename handOver(String mode, Owner owner) {
    return temp -> {
      owner.apply(temp);
      Files.setPosixFilePermissions(temp, perms(mode));
    };
  }

  /** Deletes {@code path} and everything below it, never following links; nothing if it is gone. */
  static void deleteRecursively(Path path) {
    PrivateFiles.deleteRecursively(path);
  }

  /** The numeric uid owning {@code path}. */
  static int uidOf(Path path) {
    return Checked.io("read the owner of " + path,
        () -> (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS));
  }

  /** The numeric gid owning {@code path}. */
  static int gidOf(Path path) {
    return Checked.io("read the group of " + path,
        () -> (Integer) Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS));
  }

  private static Set<PosixFilePermission> perms(String mode) {
    return PosixFilePermissions.fromString(mode);
  }

  /** Who should own a path: numeric ids, or {@link #KEEP} for whoever created it (this JVM). */
  record Owner(int uid, int gid) {
    static final Owner KEEP = new Owner(-1, -1);

    void apply(Path path) throws IOException {
      if (uid >= 0) {
        Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
      }
      if (gid >= 0) {
        Files.setAttribute(path, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
      }
    }
  }
}
