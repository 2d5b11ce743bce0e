package io.redistenancy;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of {@link TenantBackups#verify(Backup)}.
 *
 * @param valid whether every check passed
 * @param checks what was checked, in order (e.g. {@code "header REDIS0010"}, {@code "CRC-64 ok"},
 *     {@code "redis-check-rdb ok"}); on failure the last entry is the reason
 */
public record BackupVerification(boolean valid, List<String> checks) {
  public BackupVerification {
    checks = List.copyOf(Objects.requireNonNull(checks, "checks"));
  }

  /** Why the backup is invalid, or an empty string if it is valid. */
  public String reason() {
    return valid || checks.isEmpty() ? "" : checks.get(checks.size() - 1);
  }
}
