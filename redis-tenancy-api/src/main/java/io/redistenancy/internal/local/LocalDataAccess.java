package io.redistenancy.internal.local;

import io.redistenancy.BackupException;
import io.redistenancy.internal.PrivateFiles;
import io.redistenancy.spi.InstanceDataAccess;
import io.redistenancy.spi.InstanceState;
import io.redistenancy.spi.TenantId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The local backend's data files, for restores. Data set aside under a token is the whole
 * {@code data/} directory renamed to {@code aside-TOKEN/} next to it (one atomic rename on the same
 * file system); {@code data/} is then created empty. Every step is a rename or an atomic file write,
 * so a crash leaves either the old or the new state, and repeating a step is harmless.
 */
final class LocalDataAccess implements InstanceDataAccess {
  private static final Pattern TOKEN = Pattern.compile("[a-z0-9][a-z0-9-]{0,80}");

  private final Path work;
  private final Function<TenantId, InstanceState> states;

  LocalDataAccess(Path work, Function<TenantId, InstanceState> states) {
    this.work = work;
    this.states = states;
  }

  private TenantPaths paths(TenantId id) {
    TenantPaths paths = new TenantPaths(work, id);
    if (!Files.isDirectory(paths.directory())) {
      throw new BackupException("The local backend has no instance for tenant '" + id + "' in " + work);
    }
    return paths;
  }

  private Path aside(TenantPaths paths, String token) {
    if (!TOKEN.matcher(token).matches()) {
      throw new IllegalArgumentException("aside token '" + token.replaceAll("\\p{Cntrl}", "?") + "' is not safe");
    }
    return paths.directory().resolve("aside-" + token);
  }

  private void requireStopped(TenantId id) {
    InstanceState state = states.apply(id);
    if (state == InstanceState.RUNNING || state == InstanceState.STARTING) {
      throw new IllegalStateException("tenant '" + id + "' is " + state + "; its data files change only while it is stopped");
    }
  }

  @Override
  public void setAside(TenantId id, String token) {
    requireStopped(id);
    TenantPaths paths = paths(id);
    Path aside = aside(paths, token);
    try {
      if (!Files.exists(aside)) {
        if (Files.isDirectory(paths.data())) {
          move(paths.data(), aside);
        } else {
          PrivateFiles.directory(aside);
        }
      }
      PrivateFiles.directory(paths.data());
    } catch (IOException | UncheckedIOException e) {
      throw new BackupException("Cannot set the data of tenant '" + id + "' aside in " + aside + ": " + e.getMessage(), e);
    }
  }

  @Override
  public boolean hasAside(TenantId id, String token) {
    return Files.isDirectory(aside(new TenantPaths(work, id), token));
  }

  @Override
  public void install(TenantId id, Path rdb) {
    requireStopped(id);
    TenantPaths paths = paths(id);
    Path target = PrivateFiles.directory(paths.data()).resolve("dump.rdb");
    Path temp = paths.data().resolve(".dump.rdb.installing");
    try {
      Files.deleteIfExists(temp);
      Files.createFile(temp, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(PrivateFiles.FILE_0600));
      try (FileChannel in = FileChannel.open(rdb, StandardOpenOption.READ);
          FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        long size = in.size();
        long done = 0;
        while (done < size) {
          done += in.transferTo(done, size - done, out);
        }
        out.force(true);
      }
      move(temp, target);
    } catch (IOException e) {
      throw new BackupException("Cannot install " + rdb + " for tenant '" + id + "': " + e.getMessage(), e);
    }
  }

  @Override
  public void removeSnapshot(TenantId id) {
    try {
      Files.deleteIfExists(paths(id).data().resolve("dump.rdb"));
    } catch (IOException e) {
      throw new BackupException("Cannot remove the snapshot of tenant '" + id + "': " + e.getMessage(), e);
    }
  }

  @Override
  public void restoreAside(TenantId id, String token) {
    requireStopped(id);
    TenantPaths paths = paths(id);
    Path aside = aside(paths, token);
    if (!Files.isDirectory(aside)) {
      return;
    }
    try {
      PrivateFiles.deleteRecursively(paths.data());
      move(aside, paths.data());
    } catch (IOException | UncheckedIOException e) {
      throw new BackupException("Cannot move the data of tenant '" + id + "' back from " + aside + ": "
          + e.getMessage(), e);
    }
  }

  @Override
  public void discardAside(TenantId id, String token) {
    try {
      PrivateFiles.deleteRecursively(aside(paths(id), token));
    } catch (UncheckedIOException e) {
      throw new BackupException("Cannot delete the old data of tenant '" + id + "': " + e.getMessage(), e);
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to);
    }
  }
}
