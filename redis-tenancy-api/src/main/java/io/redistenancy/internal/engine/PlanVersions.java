package io.redistenancy.internal.engine;

import io.redistenancy.InvalidRequestException;
import io.redistenancy.Plan;
import io.redistenancy.PlanCatalog;
import io.redistenancy.PlanReloadReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The version of each plan that changes of tenants apply: read from the catalog when the tenancy
 * opens and on {@link #reload()}. A plan that no longer reads (a broken file) keeps its last good
 * version in force, and the reload reports the problem.
 */
final class PlanVersions {
  private final PlanCatalog catalog;
  private final Map<String, Plan> versions = new ConcurrentHashMap<>();

  PlanVersions(PlanCatalog catalog) {
    this.catalog = catalog;
    for (String name : catalog.names()) {
      read(name).ifPresent(plan -> versions.put(name, plan));
    }
  }

  /** The plan in force under {@code name} ({@code default} is the built-in one unless the catalog has its own). */
  Plan current(String name, String outcome) {
    Plan plan = versions.get(name);
    if (plan != null) {
      return plan;
    }
    if ("default".equals(name)) {
      return Plan.DEFAULT;
    }
    throw new InvalidRequestException("Plan '" + name + "' does not exist; known plans: " + known(catalog) + ". "
        + outcome);
  }

  synchronized PlanReloadReport reload() {
    List<String> changed = new ArrayList<>();
    List<String> added = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    TreeSet<String> names = new TreeSet<>(catalog.names());
    for (String name : names) {
      try {
        Optional<Plan> plan = catalog.find(name);
        if (plan.isEmpty()) {
          continue;
        }
        Plan previous = versions.put(name, plan.get());
        if (previous == null) {
          added.add(name);
        } else if (!previous.equals(plan.get())) {
          changed.add(name);
        }
      } catch (InvalidRequestException e) {
        problems.add(e.getMessage() + (versions.containsKey(name) ? " (its previous version stays in force)" : ""));
      }
    }
    List<String> removed = new ArrayList<>(new TreeSet<>(versions.keySet()));
    removed.removeAll(names);
    removed.forEach(versions::remove);
    return new PlanReloadReport(changed, added, removed, problems);
  }

  private Optional<Plan> read(String name) {
    try {
      return catalog.find(name);
    } catch (InvalidRequestException e) {
      return Optional.empty(); // the tenancy's opening refuses broken plans; one broken since is reported by reload
    }
  }

  /** The plan names for messages, {@code default} among them. */
  static String known(PlanCatalog catalog) {
    TreeSet<String> names = new TreeSet<>(catalog.names());
    names.add("default");
    return String.join(", ", names);
  }
}
