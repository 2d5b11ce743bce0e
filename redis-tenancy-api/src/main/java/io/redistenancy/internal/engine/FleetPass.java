package io.redistenancy.internal.engine;

import io.redistenancy.RenewalReport;
import io.redistenancy.spi.TenantId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One certificate pass over the fleet (renewals, CA rotation steps): every tenant in turn, progress
 * after each, and one tenant's failure reported without stopping the rest.
 */
final class FleetPass {
  private FleetPass() {}

  /** What the pass does to one tenant: true if it changed its certificates, false if nothing was needed. */
  @FunctionalInterface
  interface Step {
    boolean apply(TenantId id);
  }

  static RenewalReport run(List<TenantId> ids, Step step, Consumer<RenewalReport.Progress> progress) {
    long start = System.nanoTime();
    List<String> renewed = new ArrayList<>();
    List<String> unchanged = new ArrayList<>();
    Map<String, String> failed = new LinkedHashMap<>();
    int done = 0;
    for (TenantId id : ids) {
      String problem = null;
      boolean changed = false;
      try {
        changed = step.apply(id);
        (changed ? renewed : unchanged).add(id.value());
      } catch (RuntimeException e) {
        problem = e.getMessage();
        failed.put(id.value(), problem);
      }
      progress.accept(new RenewalReport.Progress(id.value(), ++done, ids.size(), changed, problem));
    }
    return new RenewalReport(renewed, unchanged, failed, Duration.ofNanos(System.nanoTime() - start));
  }
}
