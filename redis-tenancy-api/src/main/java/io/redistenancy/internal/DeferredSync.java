package io.redistenancy.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Private files written now and made durable later, in one {@link #sync()}: atomic replacements
 * whose fsyncs a caller overlaps with slower work (a redis-server booting), always before it records
 * an outcome that depends on them. Not thread-safe: one owner writes and syncs.
 */
public final class DeferredSync {
  private final Set<Path> files = new LinkedHashSet<>();

  /** Replaces {@code file} (UTF-8 {@code text}, 0600) atomically, durable after the next {@link #sync()}. */
  public void write(Path file, String text) {
    write(file, text, temp -> {});
  }

  /** As {@link #write(Path, String)}, with a last step on the temp file (e.g. a chown or chmod). */
  public void write(Path file, String text, PrivateFiles.BeforeRename beforeRename) {
    PrivateFiles.writeUnsynced(file, text.getBytes(StandardCharsets.UTF_8), beforeRename);
    files.add(file.toAbsolutePath());
  }

  /** Fsyncs every file written since the last call, then their directories (so the renames last too). */
  public void sync() {
    Set<Path> dirs = new LinkedHashSet<>();
    for (Path file : files) {
      PrivateFiles.syncFile(file);
      dirs.add(file.getParent());
    }
    dirs.forEach(PrivateFiles::syncDirectory);
    files.clear();
  }
}
