package io.redistenancy.internal.backup;

import io.redistenancy.BackupException;
import io.redistenancy.internal.PrivateFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.io.StringReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The private directory of the scratch servers ({@link ScratchRedis}) and what a JVM that died while
 * one ran leaves in it. Each scratch server's directory holds an {@code owner} file naming the JVM and
 * the server by pid <em>and</em> start time, so that a reused pid is never taken for either: the next
 * scratch server's start kills a leftover server only if a process with that pid, start time and owner
 * still runs a Redis binary, and deletes the directory without following links.
 *
 * <p>Nothing is read from or deleted in a world-writable directory: the root is refused unless it is
 * a real directory (not a link), 0700 and owned by this process's user. Earlier versions kept scratch
 * servers in {@code java.io.tmpdir}; what they left there is not touched (anyone could have planted it).
 */
final class ScratchLeftovers {
  private static final Logger LOG = LoggerFactory.getLogger(ScratchLeftovers.class);
  static final String OWNER_FILE = "owner";
  private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

  private ScratchLeftovers() {}

  /** A process as a pid and its start time in epoch milliseconds: unique on one machine between reboots. */
  record Identity(long pid, long startMillis) {
    static Identity of(ProcessHandle process) {
      return new Identity(process.pid(), process.info().startInstant().map(i -> i.toEpochMilli()).orElse(-1L));
    }

    /** The process, if it still runs under this identity and this process's user. */
    Optional<ProcessHandle> live() {
      Optional<String> me = ProcessHandle.current().info().user();
      return ProcessHandle.of(pid).filter(p -> startMillis >= 0 && Identity.of(p).equals(this))
          .filter(p -> me.isPresent() && p.info().user().equals(me));
    }
  }

  /** Creates {@code root} 0700 if needed and returns it, or refuses one that is not private. */
  static Path privateRoot(Path root) {
    PrivateFiles.directory(root);
    try {
      PosixFileAttributes attrs = Files.readAttributes(root, PosixFileAttributes.class, NOFOLLOW);
      Optional<String> me = ProcessHandle.current().info().user();
      if (!attrs.isDirectory() || !attrs.permissions().equals(PrivateFiles.DIR_0700)
          || me.isEmpty() || !attrs.owner().getName().equals(me.get())) {
        throw new BackupException("Scratch servers' directory " + root + " must be a directory (not a link), mode 0700,"
            + " owned by " + me.orElse("this process's user") + "; it is " + (attrs.isSymbolicLink() ? "a link"
            : attrs.owner().getName() + "'s, " + java.nio.file.attribute.PosixFilePermissions.toString(attrs.permissions()))
            + ". Remove it; the library creates it again.");
      }
      return root;
    } catch (IOException e) {
      throw new BackupException("Cannot check the scratch servers' directory " + root + ": " + e.getMessage(), e);
    }
  }

  /** Records in {@code dir} that this JVM owns it and, once started, which process the server is. */
  static void recordOwner(Path dir, Optional<ProcessHandle> server) {
    Identity jvm = Identity.of(ProcessHandle.current());
    StringBuilder text = new StringBuilder("jvm=" + jvm.pid() + "\njvmStart=" + jvm.startMillis() + "\n");
    server.map(Identity::of).ifPresent(s -> text.append("server=").append(s.pid()).append("\nserverStart=")
        .append(s.startMillis()).append('\n'));
    PrivateFiles.write(dir.resolve(OWNER_FILE), text.toString());
  }

  private static final Set<Path> SWEPT = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /**
   * Sweeps {@code root} once per JVM, before this JVM's first scratch server there: only one JVM holds
   * a home at a time, so what a dead one left is all there is to find, and a later sweep cannot catch
   * one of this JVM's directories between its creation and its owner file.
   */
  static synchronized void sweepOnce(Path root) {
    if (SWEPT.add(root.toAbsolutePath().normalize())) {
      sweep(root);
    }
  }

  /** Kills and deletes the scratch servers in {@code root} whose JVM is gone; never fails. */
  static void sweep(Path root) {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
      if (!(entries instanceof SecureDirectoryStream<Path> secure)) {
        return; // without openat()/unlinkat() a sweep could be steered by a swapped link; leave them
      }
      for (Path entry : secure) {
        Path name = entry.getFileName();
        try {
          if (!isDirectory(secure, name)) {
            secure.deleteFile(name); // nothing the library puts here; a planted file or link goes, unfollowed
            continue;
          }
          Optional<Properties> owner = readOwner(secure, name);
          if (owner.isPresent() && identity(owner.get(), "jvm").flatMap(Identity::live).isPresent()) {
            continue;
          }
          owner.flatMap(o -> identity(o, "server")).flatMap(Identity::live)
              .filter(p -> p.info().command().map(ScratchLeftovers::isRedis).orElse(false))
              .ifPresent(ScratchLeftovers::kill);
          deleteEntry(secure, name);
        } catch (IOException | RuntimeException e) {
          LOG.debug("Cannot sweep scratch leftover {}: {}", entry, e.getMessage());
        }
      }
    } catch (IOException | RuntimeException e) {
      // a leftover is private and harmless apart from its memory; the next start tries again
    }
  }

  private static void kill(ProcessHandle server) {
    LOG.info("Stopping scratch redis-server {}, left by a JVM that is gone", server.pid());
    server.destroyForcibly();
    server.onExit().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).exceptionally(e -> null).join();
  }

  private static Optional<Properties> readOwner(SecureDirectoryStream<Path> root, Path dir) {
    try (SecureDirectoryStream<Path> sub = root.newDirectoryStream(dir, NOFOLLOW);
        SeekableByteChannel ch = sub.newByteChannel(Path.of(OWNER_FILE), Set.of(StandardOpenOption.READ,
            LinkOption.NOFOLLOW_LINKS))) {
      ByteBuffer buffer = ByteBuffer.allocate(1024);
      while (buffer.hasRemaining() && ch.read(buffer) > 0) {
        // an owner file is a few short lines
      }
      Properties p = new Properties();
      p.load(new StringReader(new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8)));
      return Optional.of(p);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static Optional<Identity> identity(Properties owner, String who) {
    try {
      return Optional.of(new Identity(Long.parseLong(owner.getProperty(who)), Long.parseLong(owner.getProperty(who
          + "Start"))));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Debian's redis-server is a link to redis-check-rdb, which is what the process table shows. */
  private static boolean isRedis(String command) {
    String name = Path.of(command).getFileName().toString();
    return name.startsWith("redis-server") || name.startsWith("redis-check-rdb");
  }

  /**
   * Deletes {@code dir} and everything below it without following a link anywhere, even one swapped
   * in while it runs: every step is relative to an open directory ({@code openat}, {@code unlinkat}).
   */
  static void deleteTree(Path dir) {
    Path absolute = dir.toAbsolutePath();
    try (DirectoryStream<Path> parent = Files.newDirectoryStream(absolute.getParent())) {
      if (parent instanceof SecureDirectoryStream<Path> secure) {
        deleteEntry(secure, absolute.getFileName());
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("Cannot delete {}: {}", dir, e.getMessage()); // private; the next sweep tries again
    }
  }

  private static void deleteEntry(SecureDirectoryStream<Path> parent, Path name) throws IOException {
    if (!isDirectory(parent, name)) {
      parent.deleteFile(name);
      return;
    }
    try (SecureDirectoryStream<Path> sub = parent.newDirectoryStream(name, NOFOLLOW)) {
      for (Path child : sub) {
        deleteEntry(sub, child.getFileName());
      }
    }
    parent.deleteDirectory(name);
  }

  private static boolean isDirectory(SecureDirectoryStream<Path> parent, Path name) throws IOException {
    BasicFileAttributes attrs = parent.getFileAttributeView(name, BasicFileAttributeView.class, NOFOLLOW)
        .readAttributes();
    return attrs.isDirectory();
  }
}
