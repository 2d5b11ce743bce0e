package io.redistenancy;

import java.util.List;

/**
 * What {@link RedisTenancy#reconcile} found and did.
 *
 * @param completed half-done operations it finished (e.g. {@code "acme: create finished"})
 * @param rolledBack half-done operations it rolled back
 * @param restarted tenants that should run and were started
 * @param unwanted instances this home owns that no tenant wants (removed if asked)
 * @param removed the unwanted instances it removed
 * @param problems what it could not repair, with the reason
 */
public record ReconcileReport(
    List<String> completed,
    List<String> rolledBack,
    List<String> restarted,
    List<String> unwanted,
    List<String> removed,
    List<String> problems) {
  public ReconcileReport {
    completed = List.copyOf(completed);
    rolledBack = List.copyOf(rolledBack);
    restarted = List.copyOf(restarted);
    unwanted = List.copyOf(unwanted);
    removed = List.copyOf(removed);
    problems = List.copyOf(problems);
  }

  /** Whether reconcile found nothing to do. */
  public boolean isClean() {
    return completed.isEmpty() && rolledBack.isEmpty() && restarted.isEmpty() && unwanted.isEmpty()
        && problems.isEmpty();
  }
}
