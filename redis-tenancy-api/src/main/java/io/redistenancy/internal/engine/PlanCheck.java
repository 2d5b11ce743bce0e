package io.redistenancy.internal.engine;

import io.redistenancy.InvalidRequestException;
import io.redistenancy.Plan;
import io.redistenancy.PlanCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The plans checked when a tenancy is built: every problem of the catalog's plans and every plan
 * above the memory ceiling, reported at once, so an operator fixes them in one go and no broken plan
 * waits for the first create to be found.
 */
final class PlanCheck {
  private PlanCheck() {}

  static void requireValid(PlanCatalog plans, MemoryCeiling ceiling) {
    List<String> problems = new ArrayList<>(plans.problems());
    if (problems.isEmpty()) {
      for (String name : plans.names()) {
        Optional<Plan> plan = plans.find(name);
        if (plan.isPresent() && plan.get().maxMemory().compareTo(ceiling.limit()) > 0) {
          problems.add("plan '" + name + "': " + ceiling.problem(plan.get().maxMemory()));
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidRequestException("The plans of " + plans + " have " + problems.size()
          + (problems.size() == 1 ? " problem" : " problems") + "; the tenancy was not opened:\n  "
          + String.join("\n  ", problems));
    }
  }
}
