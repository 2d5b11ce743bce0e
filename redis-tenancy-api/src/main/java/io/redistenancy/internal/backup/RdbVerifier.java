package io.redistenancy.internal.backup;

import io.redistenancy.Backup;
import io.redistenancy.BackupVerification;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Verifies RDB files: the format checks of {@link RdbDigest} in Java (one pass: SHA-256, header,
 * end-of-file marker, CRC-64), then {@code redis-check-rdb} when it is installed, which parses every
 * key with Redis's own loader and counts them.
 */
public final class RdbVerifier {
  private static final int CHUNK = 1 << 20;

  private final Optional<RdbCheckTool> tool;

  private RdbVerifier(Optional<RdbCheckTool> tool) {
    this.tool = tool;
  }

  /** A verifier using {@code redis-check-rdb} if it is installed. */
  public static RdbVerifier create() {
    return new RdbVerifier(RdbCheckTool.find());
  }

  /** Whether {@code redis-check-rdb} takes part. */
  public boolean usesRedisCheckRdb() {
    return tool.isPresent();
  }

  /**
   * What the file is: valid or not (with the checks made, the last being the reason), its version,
   * size, SHA-256 and, when {@code redis-check-rdb} counted them, its keys.
   */
  public record FileCheck(boolean valid, List<String> checks, int version, long size, String sha256, long keys,
      long expires) {
    public String reason() {
      return checks.isEmpty() ? "" : checks.get(checks.size() - 1);
    }
  }

  /** Checks any file, e.g. one that does not come from this library. */
  public FileCheck check(Path file) {
    RdbDigest digest = new RdbDigest();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[CHUNK];
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
      }
    } catch (NoSuchFileException e) {
      return new FileCheck(false, List.of("missing: " + file + " does not exist"), -1, 0, "", -1, -1);
    } catch (IOException e) {
      return new FileCheck(false, List.of("unreadable: " + file + ": " + e.getMessage()), -1, 0, "", -1, -1);
    }
    return finish(file, digest);
  }

  /** Completes the check of a snapshot {@link SnapshotReceiver} wrote to {@code file}. */
  public FileCheck finish(Path file, SnapshotReceiver.Result received) {
    return finish(file, received.digest());
  }

  /** Completes the check of a file whose bytes went through {@code digest} as it was written. */
  FileCheck finish(Path file, RdbDigest digest) {
    List<String> checks = new ArrayList<>();
    RdbFormat.Check format = digest.result();
    if (!format.valid()) {
      checks.add(format.detail());
      return new FileCheck(false, checks, -1, digest.size(), digest.sha256(), -1, -1);
    }
    checks.add("header REDIS" + String.format("%04d", format.version()));
    checks.add(format.detail());
    long keys = -1;
    long expires = -1;
    if (tool.isPresent()) {
      RdbCheckTool.Result result = tool.get().check(file);
      if (!result.ok()) {
        checks.add(result.detail());
        return new FileCheck(false, checks, format.version(), digest.size(), digest.sha256(), -1, -1);
      }
      keys = result.keys();
      expires = result.expires();
      checks.add("redis-check-rdb ok" + (keys >= 0 ? " (" + keys + " keys)" : ""));
    }
    return new FileCheck(true, checks, format.version(), digest.size(), digest.sha256(), keys, expires);
  }

  /** Checks a stored backup against what was recorded when it was made, then as a file. */
  public BackupVerification verify(Backup backup, Path content) {
    FileCheck file = check(content);
    List<String> checks = new ArrayList<>();
    if (file.size() != backup.size()) {
      checks.add((file.size() < backup.size() ? "truncated: " : "wrong size: ") + file.size()
          + " bytes, the backup had " + backup.size());
      return new BackupVerification(false, checks);
    }
    checks.add("size " + file.size() + " bytes ok");
    if (!file.sha256().equals(backup.sha256())) {
      checks.add("corrupt: SHA-256 " + file.sha256() + " differs from the backup's " + backup.sha256());
      return new BackupVerification(false, checks);
    }
    checks.add("SHA-256 ok");
    checks.addAll(file.checks());
    if (file.valid() && file.version() != backup.rdbVersion()) {
      checks.add("RDB version " + file.version() + " differs from the backup's " + backup.rdbVersion());
      return new BackupVerification(false, checks);
    }
    return new BackupVerification(file.valid(), checks);
  }
}
