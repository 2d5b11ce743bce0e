package io.redistenancy;

import java.util.List;

/**
 * What {@link RedisTenancy#reloadPlans()} found.
 *
 * @param changed plans whose definition changed (roll them out with {@link RedisTenancy#rollOut})
 * @param added plans that are new
 * @param removed plans that are gone (their tenants keep their values)
 * @param problems plans that no longer read, one message each ({@code FILE:LINE: reason}); their
 *     previous version stays in force
 */
public record PlanReloadReport(List<String> changed, List<String> added, List<String> removed, List<String> problems) {
  public PlanReloadReport {
    changed = List.copyOf(changed);
    added = List.copyOf(added);
    removed = List.copyOf(removed);
    problems = List.copyOf(problems);
  }
}
