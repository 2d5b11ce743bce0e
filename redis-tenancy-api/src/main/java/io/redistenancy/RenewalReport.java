package io.redistenancy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of a fleet certificate operation.
 *
 * @param renewed tenants whose certificates were reissued and reloaded live
 * @param unchanged tenants that needed nothing (plaintext, or not expiring)
 * @param failed tenants whose renewal failed, with why; their old certificate still serves
 * @param elapsed how long it took
 */
public record RenewalReport(List<String> renewed, List<String> unchanged, Map<String, String> failed, Duration elapsed) {
  public RenewalReport {
    renewed = List.copyOf(renewed);
    unchanged = List.copyOf(unchanged);
    failed = Map.copyOf(failed);
    Objects.requireNonNull(elapsed, "elapsed");
  }

  public boolean isSuccess() {
    return failed.isEmpty();
  }

  /** Progress of a fleet operation, reported after each tenant. */
  public record Progress(String tenant, int done, int total, boolean renewed, String problem) {}
}
