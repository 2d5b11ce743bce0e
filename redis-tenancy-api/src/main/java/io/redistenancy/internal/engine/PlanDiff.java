package io.redistenancy.internal.engine;

import io.redistenancy.Plan;
import io.redistenancy.internal.plan.PlanDirective;
import io.redistenancy.internal.plan.PlanDirectives;
import java.util.Collection;
import java.util.List;

/** Which plan settings differ between two plans, in the table's order; and a plan with some settings of another. */
final class PlanDiff {
  private PlanDiff() {}

  static List<PlanDirective<?>> directives(Plan before, Plan after) {
    return PlanDirectives.ALL.stream().filter(d -> !d.valueIn(before).equals(d.valueIn(after))).toList();
  }

  /** The keys of the settings that differ, e.g. {@code maxMemory}. */
  static List<String> changed(Plan before, Plan after) {
    return directives(before, after).stream().map(PlanDirective::key).toList();
  }

  /** {@code base} with the settings named by {@code keys} taken from {@code source}. */
  static Plan withSettings(Plan base, Plan source, Collection<String> keys) {
    Plan.Builder builder = base.toBuilder();
    PlanDirectives.ALL.stream().filter(d -> keys.contains(d.key())).forEach(d -> copy(d, source, builder));
    return builder.build();
  }

  private static <T> void copy(PlanDirective<T> directive, Plan source, Plan.Builder target) {
    directive.set(target, directive.valueIn(source));
  }
}
