package io.redistenancy;

import io.redistenancy.internal.plan.PlanDirectory;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** Ready-made {@link PlanCatalog}s. */
public final class Plans {
  private Plans() {}

  /**
   * A catalog of plans defined in code.
   *
   * @throws InvalidRequestException if two plans share a name
   */
  public static PlanCatalog of(Plan... plans) {
    Map<String, Plan> byName = new LinkedHashMap<>();
    for (Plan plan : plans) {
      Objects.requireNonNull(plan, "plan");
      if (byName.putIfAbsent(plan.name(), plan) != null) {
        throw new InvalidRequestException("Plan '" + plan.name() + "' is defined twice");
      }
    }
    Map<String, Plan> fixed = Map.copyOf(byName);
    return new PlanCatalog() {
      @Override
      public Optional<Plan> find(String name) {
        return Optional.ofNullable(fixed.get(name));
      }

      @Override
      public Set<String> names() {
        return fixed.keySet();
      }

      @Override
      public String toString() {
        return "Plans.of" + fixed.keySet();
      }
    };
  }

  /**
   * A catalog read from a directory: {@code NAME.conf} files with redis.conf-style lines from an
   * allow-list ({@code maxmemory 256mb}, {@code maxmemory-policy allkeys-lru}, {@code appendonly yes},
   * {@code appendfsync everysec}, {@code save 900 1}, {@code maxclients}, {@code databases},
   * {@code timeout}, {@code tcp-keepalive}, {@code notify-keyspace-events Egx}), or {@code NAME.json} with the
   * same settings
   * ({@code {"maxMemory": "256mb", "evictionPolicy": "allkeys-lru", "persistence": "AOF_EVERYSEC"}}).
   * Files are read when a plan is looked up, so edits apply to the next tenant created. Unknown or
   * forbidden directives and bad values are refused with file, line and reason.
   */
  public static PlanCatalog directory(Path directory) {
    return new PlanDirectory(directory);
  }
}
