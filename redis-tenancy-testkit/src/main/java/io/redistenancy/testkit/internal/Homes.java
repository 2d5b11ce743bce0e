package io.redistenancy.testkit.internal;

import io.redistenancy.internal.Checked;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The directory a test JVM keeps its homes in: {@code /tmp/rtk-PID-RANDOM} (short, because the
 * instances' sockets live below it), with an {@code owner} file naming the JVM (pid and start time, so
 * a reused pid is never taken for the owner), and next to each home {@code NAME.backend}, the backend
 * the sweeper needs to open it again.
 */
final class Homes {
  static final String PREFIX = "rtk-";
  static final Pattern NAME = Pattern.compile("rtk-(\\d+)-[a-z0-9]+");
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

  private Homes() {}

  /** Where JVM directories are made: {@code -Dredistenancy.testkit.dir}, else {@code /tmp}, else java.io.tmpdir. */
  static Path parent() {
    String configured = System.getProperty("redistenancy.testkit.dir");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured.trim()).toAbsolutePath();
    }
    return systemTemp();
  }

  /** {@code /tmp}, else java.io.tmpdir: the directory every test JVM of this machine sees. */
  static Path systemTemp() {
    Path tmp = Path.of("/tmp");
    return Files.isDirectory(tmp) && Files.isWritable(tmp) ? tmp : Path.of(System.getProperty("java.io.tmpdir"));
  }

  /** Creates this JVM's directory (0700) with its owner file. */
  static Path createForThisJvm(Path parent) {
    SecureRandom random = new SecureRandom();
    for (int attempt = 0; ; attempt++) {
      StringBuilder suffix = new StringBuilder();
      for (int i = 0; i < 6; i++) {
        suffix.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
      }
      Path dir = parent.resolve(PREFIX + ProcessHandle.current().pid() + "-" + suffix);
      try {
        Files.createDirectories(parent);
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        // written aside and renamed: a sweeper in another JVM must never read a half-written owner
        Path aside = Files.writeString(dir.resolve("owner.tmp"), ownerLine(ProcessHandle.current()),
            StandardCharsets.UTF_8);
        Files.move(aside, dir.resolve("owner"), StandardCopyOption.ATOMIC_MOVE);
        return dir;
      } catch (java.nio.file.FileAlreadyExistsException e) {
        if (attempt > 10) {
          throw Checked.failure("create a testkit directory below " + parent, e);
        }
      } catch (IOException e) {
        throw Checked.failure("create the testkit directory " + dir, e);
      }
    }
  }

  static String ownerLine(ProcessHandle process) {
    return process.pid() + " " + process.info().startInstant().map(i -> Long.toString(i.toEpochMilli())).orElse("?");
  }

  /**
   * Whether the JVM that made {@code dir} is gone: its pid is dead or now belongs to a process started
   * at another time. A directory without an owner file (or with an empty one, from an older version
   * that wrote it in place) is stale once it is a minute old: its JVM died between creating it and
   * writing the file.
   */
  static boolean isStale(Path dir) {
    Matcher m = NAME.matcher(dir.getFileName().toString());
    if (!m.matches()) {
      return false;
    }
    long pid = Long.parseLong(m.group(1));
    Optional<String> owner = read(dir.resolve("owner")).filter(line -> !line.isBlank());
    if (owner.isEmpty()) {
      try {
        return Files.getLastModifiedTime(dir).toMillis() < System.currentTimeMillis() - 60_000;
      } catch (IOException e) {
        return false;
      }
    }
    Optional<ProcessHandle> process = ProcessHandle.of(pid);
    return process.isEmpty() || !ownerLine(process.get()).equals(owner.get().trim());
  }

  static Optional<String> read(Path file) {
    try {
      return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
