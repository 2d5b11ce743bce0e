package io.redistenancy.internal.engine;

import io.redistenancy.MemorySize;
import io.redistenancy.Plan;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A request's plan overrides (a create's, a reconfiguration's): each checked when added, by applying it
 * to a throw-away builder, so a bad value fails at the call that set it; applied in order on a plan later.
 */
final class OverrideList {
  private final List<Consumer<Plan.Builder>> overrides = new ArrayList<>();
  private final MemoryCeiling ceiling;

  OverrideList(MemoryCeiling ceiling) {
    this.ceiling = ceiling;
  }

  void add(Consumer<Plan.Builder> change) {
    Objects.requireNonNull(change, "change");
    change.accept(Plan.DEFAULT.toBuilder());
    overrides.add(change);
  }

  /** A memory override, also refused at once above the tenancy's ceiling. */
  void maxMemory(MemorySize maxMemory) {
    ceiling.check(Objects.requireNonNull(maxMemory, "maxMemory"), "");
    add(b -> b.maxMemory(maxMemory));
  }

  /** How many overrides were given (the audit trail records their number: they are code, not values). */
  int size() {
    return overrides.size();
  }

  Plan on(Plan base) {
    Plan.Builder builder = base.toBuilder();
    overrides.forEach(o -> o.accept(builder));
    return builder.build();
  }
}
