package io.redistenancy.internal.plan;

import io.redistenancy.InvalidRequestException;
import io.redistenancy.Plan;
import java.util.List;

/**
 * What reading one plan file gave: the plan, or every problem found in it (each worded
 * {@code FILE:LINE: reason}). A lookup wants the plan or its first problem; the directory check at
 * start-up wants all of them.
 *
 * @param plan the plan; null when there are problems
 * @param problems the problems in file order; empty when the plan is valid
 */
record PlanReading(Plan plan, List<InvalidRequestException> problems) {
  static PlanReading of(Plan plan) {
    return new PlanReading(plan, List.of());
  }

  static PlanReading refused(List<InvalidRequestException> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a refused plan has at least one problem");
    }
    return new PlanReading(null, List.copyOf(problems));
  }

  /** The plan, or its first problem thrown. */
  Plan orThrow() {
    if (!problems.isEmpty()) {
      throw problems.get(0);
    }
    return plan;
  }
}
