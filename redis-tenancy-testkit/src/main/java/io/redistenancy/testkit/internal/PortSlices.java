package io.redistenancy.testkit.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This JVM's own slice of the configured TCP port range. The local backend test-binds a free port and
 * starts redis-server on it a moment later, so two test JVMs taking ports of one range at once (the
 * forks of a build, two builds) can both pick the same port: one server then fails with "Address
 * already in use" and its client reaches the other JVM's server. Instead, each JVM locks one slice
 * of the range (an OS file lock, released when the JVM ends, also on {@code kill -9}) and gives out
 * ports of that slice only.
 */
final class PortSlices {
  /** Ports per slice: room for the TLS instances and shared server one test JVM holds at once. */
  static final int SLICE = 256;
  private static final System.Logger LOG = System.getLogger(PortSlices.class.getName());
  private static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rwx------");
  private static final Map<String, int[]> MINE = new ConcurrentHashMap<>();
  /** The locked files, open until the JVM ends: closing a channel would release its lock. */
  private static final List<FileChannel> HELD = new ArrayList<>();

  private PortSlices() {}

  /** This JVM's slice of {@code first..last}, the same on every call. */
  static int[] forThisJvm(int first, int last) {
    return MINE.computeIfAbsent(first + "-" + last, key -> take(first, last)).clone();
  }

  private static int[] take(int first, int last) {
    Path locks;
    try {
      locks = lockDirectory();
    } catch (IOException e) {
      return whole(first, last, "its lock directory is unusable (" + e.getMessage() + ")");
    }
    int slices = Math.max(1, (last - first + 1) / SLICE);
    for (int i = 0; i < slices; i++) {
      int from = first + i * SLICE;
      int to = i == slices - 1 ? last : from + SLICE - 1;
      if (lock(locks.resolve("tcp-" + from + "-" + to + ".lock"))) {
        return new int[] {from, to};
      }
    }
    return whole(first, last, "all " + slices + " slices of " + SLICE + " ports are held by other test JVMs");
  }

  private static int[] whole(int first, int last, String why) {
    LOG.log(Level.WARNING, "redis-tenancy testkit: this JVM shares TCP ports " + first + "-" + last + " with other "
        + "test JVMs, because " + why + "; a port two JVMs take at once fails a test. Widen -D"
        + ResolvedBackend.PORTS_PROPERTY + " (" + SLICE + " ports per JVM).");
    return new int[] {first, last};
  }

  /** Whether this JVM now holds the lock on {@code file} (false: another JVM holds it). */
  private static boolean lock(Path file) {
    try {
      FileChannel channel = FileChannel.open(file,
          Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null; // this JVM holds it already, for another configured range
      }
      if (lock == null) {
        channel.close();
        return false;
      }
      synchronized (HELD) {
        HELD.add(channel);
      }
      return true;
    } catch (IOException e) {
      LOG.log(Level.DEBUG, () -> "cannot lock " + file + ": " + e);
      return false;
    }
  }

  /**
   * {@code rtk-ports-USER} in the machine's temporary directory, shared by this user's test JVMs
   * whatever their {@code redistenancy.testkit.dir}. Another local user could have made it first, so
   * it is used only when it is a directory of this user that nobody else may enter.
   */
  private static Path lockDirectory() throws IOException {
    String user = System.getProperty("user.name").replaceAll("[^A-Za-z0-9._-]", "_");
    Path dir = Homes.systemTemp().resolve("rtk-ports-" + user);
    try {
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PRIVATE));
    } catch (FileAlreadyExistsException e) {
      // made by an earlier JVM: checked below
    }
    PosixFileAttributes attributes = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (!attributes.isDirectory() || !attributes.owner().equals(currentUser())
        || !PRIVATE.containsAll(attributes.permissions())) {
      throw new IOException(dir + " is not a private directory of this user");
    }
    return dir;
  }

  private static UserPrincipal currentUser() throws IOException {
    Path probe = Files.createTempFile("rtk-owner", ".tmp");
    try {
      return Files.getOwner(probe);
    } finally {
      Files.delete(probe);
    }
  }
}
