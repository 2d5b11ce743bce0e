package io.redistenancy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The outcome of rolling a plan's current version out to the tenants on it
 * ({@link RedisTenancy#rollOut}); running the roll-out again retries the failed tenants.
 *
 * @param plan the plan rolled out
 * @param outcomes one per tenant on the plan, in the order they were done
 * @param elapsed how long it took
 */
public record RollOutReport(String plan, List<Outcome> outcomes, Duration elapsed) {
  public RollOutReport {
    Objects.requireNonNull(plan, "plan");
    outcomes = List.copyOf(outcomes);
    Objects.requireNonNull(elapsed, "elapsed");
  }

  /** Tenants whose settings changed. */
  public List<String> changed() {
    return tenants(Result.CHANGED);
  }

  /** Tenants that already had the plan's values. */
  public List<String> unchanged() {
    return tenants(Result.UNCHANGED);
  }

  /** Tenants left out, with why (e.g. an operation in progress). */
  public Map<String, String> skipped() {
    return reasons(Result.SKIPPED);
  }

  /** Tenants whose change failed and was rolled back, with why. */
  public Map<String, String> failed() {
    return reasons(Result.FAILED);
  }

  public boolean isSuccess() {
    return outcomes.stream().noneMatch(o -> o.result() == Result.FAILED);
  }

  private List<String> tenants(Result result) {
    return outcomes.stream().filter(o -> o.result() == result).map(Outcome::tenant).toList();
  }

  private Map<String, String> reasons(Result result) {
    return outcomes.stream().filter(o -> o.result() == result)
        .collect(Collectors.toUnmodifiableMap(Outcome::tenant, Outcome::detail));
  }

  /** What happened to one tenant. */
  public enum Result {
    CHANGED,
    UNCHANGED,
    SKIPPED,
    FAILED
  }

  /**
   * One tenant's outcome, also reported as progress after each tenant.
   *
   * @param detail what changed, or why it was skipped or failed; empty when unchanged
   */
  public record Outcome(String tenant, Result result, String detail) {
    public Outcome {
      Objects.requireNonNull(tenant, "tenant");
      Objects.requireNonNull(result, "result");
      Objects.requireNonNull(detail, "detail");
    }
  }
}
