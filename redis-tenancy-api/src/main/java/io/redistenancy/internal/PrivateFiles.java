package io.redistenancy.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Files that only the owner can read: directories 0700, files 0600, set at creation (never created
 * open and tightened later), written atomically (temp file, fsync, rename, fsync of the directory),
 * so a reader sees the old content or the new, never half of either.
 */
public final class PrivateFiles {
  public static final Set<PosixFilePermission> FILE_0600 = PosixFilePermissions.fromString("rw-------");
  public static final Set<PosixFilePermission> DIR_0700 = PosixFilePermissions.fromString("rwx------");
  private static final FileAttribute<Set<PosixFilePermission>> FILE_ATTR = PosixFilePermissions.asFileAttribute(FILE_0600);
  private static final FileAttribute<Set<PosixFilePermission>> DIR_ATTR = PosixFilePermissions.asFileAttribute(DIR_0700);

  private PrivateFiles() {}

  /** Creates {@code dir} and missing parents 0700 (existing ones are left as they are); returns it. */
  public static Path directory(Path dir) {
    try {
      if (Files.isDirectory(dir)) {
        return dir;
      }
      Path parent = dir.toAbsolutePath().getParent();
      if (parent != null && !Files.isDirectory(parent)) {
        directory(parent);
      }
      Files.createDirectory(dir, DIR_ATTR);
      return dir;
    } catch (FileAlreadyExistsException e) {
      return dir;
    } catch (IOException e) {
      throw Checked.failure("create directory " + dir, e);
    }
  }

  /** Writes {@code text} (UTF-8) to {@code file} atomically, 0600. */
  public static void write(Path file, String text) {
    write(file, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes {@code bytes} to {@code file} atomically, 0600, fsynced before and after the rename. */
  public static void write(Path file, byte[] bytes) {
    write(file, bytes, temp -> {});
  }

  /** A last step on the complete temp file before it replaces the target, e.g. a chown or chmod. */
  @FunctionalInterface
  public interface BeforeRename {
    void apply(Path temp) throws IOException;
  }

  /**
   * Writes {@code bytes} to {@code file} atomically: a 0600 temp file, fsynced, then
   * {@code beforeRename} (which may hand it to another owner or mode), then renamed over the target.
   */
  public static void write(Path file, byte[] bytes, BeforeRename beforeRename) {
    replace(file, bytes, beforeRename, true);
  }

  /**
   * Replaces {@code file} atomically like {@link #write(Path, byte[])} but without any fsync: readers
   * see the old content or the new, and {@link #sync} makes it durable later. For files whose loss
   * in a power cut an intent record already covers, so their fsync can overlap other work.
   */
  static void writeUnsynced(Path file, byte[] bytes) {
    writeUnsynced(file, bytes, temp -> {});
  }

  /** {@link #writeUnsynced(Path, byte[])} with a last step on the temp file, as in {@link #write(Path, byte[], BeforeRename)}. */
  static void writeUnsynced(Path file, byte[] bytes, BeforeRename beforeRename) {
    replace(file, bytes, beforeRename, false);
  }

  private static void replace(Path file, byte[] bytes, BeforeRename beforeRename, boolean durable) {
    Path dir = file.toAbsolutePath().getParent();
    Path temp = dir.resolve("." + file.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), FILE_ATTR)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          ch.write(buffer);
        }
        if (durable) {
          ch.force(true);
        }
      }
      beforeRename.apply(temp);
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      if (durable) {
        syncDirectory(dir);
      }
    } catch (IOException e) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException ignored) {
        // the write already failed; that error is the one to report
      }
      throw Checked.failure("write " + file, e);
    }
  }

  /** Fsyncs {@code file}'s content (a file that vanished since needs nothing). */
  static void syncFile(Path file) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (NoSuchFileException e) {
      // deleted since it was written: nothing left to make durable
    } catch (IOException e) {
      throw Checked.failure("fsync " + file, e);
    }
  }

  static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // some file systems cannot fsync a directory; the rename itself is still atomic
    }
  }

  /** Deletes {@code path} and everything below it; does nothing if it does not exist. */
  public static void deleteRecursively(Path path) {
    if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try {
      Files.walkFileTree(path, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.deleteIfExists(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
          if (e instanceof NoSuchFileException) {
            return FileVisitResult.CONTINUE;
          }
          throw e;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
          if (e != null && !(e instanceof NoSuchFileException)) {
            throw e;
          }
          Files.deleteIfExists(dir);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw Checked.failure("delete " + path, e);
    }
  }
}
