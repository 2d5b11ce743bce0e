package io.redistenancy.internal;

import io.redistenancy.BackupException;
import io.redistenancy.spi.InstanceDataAccess;
import io.redistenancy.spi.InstanceState;
import io.redistenancy.spi.TenantId;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Data files of instances whose data directory this JVM reaches on its own file system (the local and
 * Docker backends): each tenant has a directory holding {@code data/}. Data set aside under a token is
 * {@code data/} renamed to {@code aside-TOKEN/} next to it (one atomic rename on the same file system);
 * {@code data/} is then created empty. Every step is a rename or an atomic file write, so a crash
 * leaves either the old or the new state, and repeating a step is harmless.
 */
public final class DataDirectoryAccess implements InstanceDataAccess {
  private static final Pattern TOKEN = Pattern.compile("[a-z0-9][a-z0-9-]{0,80}");

  /** Hands a file or directory this JVM created to whoever runs the instance (a container's uid). */
  @FunctionalInterface
  public interface Owner {
    Owner KEEP = path -> { };

    void apply(Path path) throws IOException;
  }

  private final String backend;
  private final Function<TenantId, Path> tenantDirectories;
  private final Function<TenantId, InstanceState> states;
  private final Owner owner;

  /**
   * @param backend the backend's name, for messages
   * @param tenantDirectories the directory holding a tenant's {@code data/}
   * @param states the instances' states: data changes only while an instance is stopped
   * @param owner applied to the data directory and snapshot this class creates
   */
  public DataDirectoryAccess(String backend, Function<TenantId, Path> tenantDirectories,
      Function<TenantId, InstanceState> states, Owner owner) {
    this.backend = backend;
    this.tenantDirectories = tenantDirectories;
    this.states = states;
    this.owner = owner;
  }

  /** @throws IllegalArgumentException unless {@code token} is letters, digits and {@code -} */
  public static String checkedToken(String token) {
    if (!TOKEN.matcher(token).matches()) {
      throw new IllegalArgumentException("aside token '" + token.replaceAll("\\p{Cntrl}", "?") + "' is not safe");
    }
    return token;
  }

  /** @throws IllegalStateException if the instance runs: its data files change only while it is stopped */
  public static void requireStopped(TenantId id, InstanceState state) {
    if (state == InstanceState.RUNNING || state == InstanceState.STARTING) {
      throw new IllegalStateException("tenant '" + id + "' is " + state + "; its data files change only while it is stopped");
    }
  }

  private Path directory(TenantId id) {
    Path dir = tenantDirectories.apply(id);
    if (!Files.isDirectory(dir)) {
      throw new BackupException("The " + backend + " backend has no instance for tenant '" + id + "' in " + dir);
    }
    return dir;
  }

  private static Path data(Path directory) {
    return directory.resolve("data");
  }

  private static Path aside(Path directory, String token) {
    return directory.resolve("aside-" + checkedToken(token));
  }

  private void requireStopped(TenantId id) {
    requireStopped(id, states.apply(id));
  }

  private Path emptyDataDirectory(Path directory) throws IOException {
    Path data = PrivateFiles.directory(data(directory));
    owner.apply(data);
    return data;
  }

  @Override
  public void setAside(TenantId id, String token) {
    requireStopped(id);
    Path directory = directory(id);
    Path aside = aside(directory, token);
    try {
      if (!Files.exists(aside)) {
        if (Files.isDirectory(data(directory))) {
          move(data(directory), aside);
        } else {
          PrivateFiles.directory(aside);
        }
      }
      emptyDataDirectory(directory);
    } catch (IOException | Checked.IoFailure e) {
      throw new BackupException("Cannot set the data of tenant '" + id + "' aside in " + aside + ": " + e.getMessage(), e);
    }
  }

  @Override
  public boolean hasAside(TenantId id, String token) {
    return Files.isDirectory(aside(tenantDirectories.apply(id), token));
  }

  @Override
  public void install(TenantId id, Path rdb) {
    requireStopped(id);
    Path directory = directory(id);
    try {
      Path data = emptyDataDirectory(directory);
      Path temp = data.resolve(".dump.rdb.installing");
      Files.deleteIfExists(temp);
      Files.createFile(temp, PosixFilePermissions.asFileAttribute(PrivateFiles.FILE_0600));
      try (FileChannel in = FileChannel.open(rdb, StandardOpenOption.READ);
          FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        long size = in.size();
        long done = 0;
        while (done < size) {
          done += in.transferTo(done, size - done, out);
        }
        out.force(true);
      }
      owner.apply(temp);
      move(temp, data.resolve("dump.rdb"));
    } catch (IOException | Checked.IoFailure e) {
      throw new BackupException("Cannot install " + rdb + " for tenant '" + id + "': " + e.getMessage(), e);
    }
  }

  @Override
  public void removeSnapshot(TenantId id) {
    try {
      Files.deleteIfExists(data(directory(id)).resolve("dump.rdb"));
    } catch (IOException e) {
      throw new BackupException("Cannot remove the snapshot of tenant '" + id + "': " + e.getMessage(), e);
    }
  }

  @Override
  public void restoreAside(TenantId id, String token) {
    requireStopped(id);
    Path directory = directory(id);
    Path aside = aside(directory, token);
    if (!Files.isDirectory(aside)) {
      return;
    }
    try {
      PrivateFiles.deleteRecursively(data(directory));
      move(aside, data(directory));
    } catch (IOException | Checked.IoFailure e) {
      throw new BackupException("Cannot move the data of tenant '" + id + "' back from " + aside + ": "
          + e.getMessage(), e);
    }
  }

  @Override
  public void discardAside(TenantId id, String token) {
    try {
      PrivateFiles.deleteRecursively(aside(directory(id), token));
    } catch (Checked.IoFailure e) {
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
