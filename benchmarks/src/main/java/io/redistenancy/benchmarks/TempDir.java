package io.redistenancy.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A temporary directory under /tmp (short: UNIX socket paths must fit in 108 bytes), deleted on close,
 * or at JVM shutdown if the run was interrupted.
 */
public final class TempDir implements AutoCloseable {
  private final Path path;

  private TempDir(Path path) {
    this.path = path;
  }

  public static TempDir create(String prefix) {
    return create(Path.of("/tmp"), prefix);
  }

  /** A temporary directory under {@code base}, e.g. /dev/shm for one on tmpfs. */
  public static TempDir create(Path base, String prefix) {
    try {
      Path path = Files.createTempDirectory(base, prefix);
      return Leftovers.closeOnShutdown(new TempDir(path));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory", e);
    }
  }

  public Path path() {
    return path;
  }

  @Override
  public void close() {
    delete(path);
    Leftovers.forget(this);
  }

  @Override
  public String toString() {
    return path.toString();
  }

  /** Deletes a file tree; a no-op when it is already gone. */
  public static void delete(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + root, e);
    }
  }
}
