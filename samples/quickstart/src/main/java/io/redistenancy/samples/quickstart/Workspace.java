package io.redistenancy.samples.quickstart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where the quickstart writes: the tenancy's home and a directory for the handover files. A
 * temporary workspace is deleted by {@link #close()}; a fixed one (--keep, --home) is left alone.
 */
final class Workspace implements AutoCloseable {
  private final Path root;
  private final Path home;
  private final Path handover;
  private final boolean temporary;

  private Workspace(Path root, Path home, Path handover, boolean temporary) {
    this.root = root;
    this.home = home;
    this.handover = handover;
    this.temporary = temporary;
  }

  static Workspace of(QuickstartOptions options) {
    return options.fixedHome()
        .map(home -> new Workspace(home, home, home.resolveSibling(home.getFileName() + "-handover"), false))
        .orElseGet(Workspace::createTemporary);
  }

  private static Workspace createTemporary() {
    try {
      // /tmp rather than java.io.tmpdir: the latter can be long (macOS), and socket paths are short
      Path base = Files.isDirectory(Path.of("/tmp")) ? Path.of("/tmp") : Path.of(System.getProperty("java.io.tmpdir"));
      Path root = Files.createTempDirectory(base, "rtq-");
      return new Workspace(root, QuickstartOptions.checkedHome(root.resolve("home")), root.resolve("handover"), true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory for the quickstart", e);
    }
  }

  Path home() {
    return home;
  }

  Path handover() {
    return handover;
  }

  boolean temporary() {
    return temporary;
  }

  @Override
  public void close() {
    if (temporary) {
      deleteTree(root);
    }
  }

  static void deleteTree(Path root) {
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
