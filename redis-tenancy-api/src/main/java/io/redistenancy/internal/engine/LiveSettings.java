package io.redistenancy.internal.engine;

import io.redistenancy.Persistence;
import io.redistenancy.Plan;
import io.redistenancy.SavePoint;
import io.redistenancy.TenancyException;
import io.redistenancy.internal.plan.PlanDirective;
import io.redistenancy.internal.plan.PlanDirectives;
import io.redistenancy.internal.resp.RespConnection;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * How each plan setting reaches a running dedicated instance: the table's live directives and the
 * persistence ({@code save}, {@code appendonly}, {@code appendfsync}, as ConfigRenderer writes them)
 * with {@code CONFIG SET}; access and client authentication through the backend's listeners; the rest
 * (e.g. {@code databases}) only by a restart. Backup settings are the library's and need nothing.
 */
final class LiveSettings {
  /** Bounds the AOF rewrite that turning AOF on starts. */
  private static final Duration AOF_REWRITE_TIMEOUT = Duration.ofMinutes(5);

  private LiveSettings() {}

  /** How a change of {@code directive} reaches the instance. */
  enum Route {
    CONFIG_SET,
    LISTENERS,
    RESTART,
    NOTHING
  }

  static Route route(PlanDirective<?> directive) {
    if (!directive.shapesInstance()) {
      return Route.NOTHING;
    }
    if (directive.live() || isPersistence(directive)) {
      return Route.CONFIG_SET;
    }
    if (directive == PlanDirectives.ACCESS || directive == PlanDirectives.CLIENT_AUTH) {
      return Route.LISTENERS;
    }
    return Route.RESTART;
  }

  static boolean isPersistence(PlanDirective<?> directive) {
    return directive == PlanDirectives.PERSISTENCE || directive == PlanDirectives.SAVE_POINTS;
  }

  /** The {@code CONFIG SET} that gives the instance {@code plan}'s value of a {@link Route#CONFIG_SET} directive. */
  static String[] command(PlanDirective<?> directive, Plan plan) {
    if (isPersistence(directive)) {
      return persistence(plan);
    }
    return new String[] {"CONFIG", "SET", directive.fileName().orElseThrow(), directive.liveValue(plan)};
  }

  /** The persistence of {@code plan} as one {@code CONFIG SET}, the same values redis.conf gets. */
  static String[] persistence(Plan plan) {
    Persistence p = plan.persistence();
    List<String> points = new ArrayList<>();
    if (p.usesRdb()) {
      for (SavePoint point : plan.savePoints()) {
        points.add(point.seconds() + " " + point.changes());
      }
    }
    return new String[] {"CONFIG", "SET", "save", String.join(" ", points), "appendonly", p.usesAof() ? "yes" : "no",
        "appendfsync", p == Persistence.AOF_ALWAYS ? "always" : "everysec"};
  }

  /** Every live value of {@code plan}: the table's live directives, then the persistence. */
  static String[][] all(Plan plan) {
    return new String[][] {PlanDirectives.liveConfig(plan), persistence(plan)};
  }

  /**
   * Waits for the AOF rewrite that {@code CONFIG SET appendonly yes} starts: the AOF is only complete
   * once it is done.
   */
  static void awaitAofRewrite(String tenant, RespConnection conn) throws IOException {
    long deadline = System.nanoTime() + AOF_REWRITE_TIMEOUT.toNanos();
    long pause = 200_000;
    while (true) {
      String info = conn.callString("INFO", "persistence");
      boolean busy = field(info, "aof_rewrite_in_progress").equals("1") || field(info, "aof_rewrite_scheduled").equals("1");
      if (!busy) {
        if (!field(info, "aof_last_bgrewrite_status").equals("ok")) {
          throw new TenancyException("Tenant '" + tenant + "': the AOF rewrite that turning AOF on started failed "
              + "(aof_last_bgrewrite_status " + field(info, "aof_last_bgrewrite_status") + "); see its log");
        }
        return;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new TenancyException("Tenant '" + tenant + "': the AOF rewrite that turning AOF on started did not "
            + "finish within " + AOF_REWRITE_TIMEOUT.toMinutes() + " minutes");
      }
      LockSupport.parkNanos(pause);
      pause = Math.min(pause * 2, 50_000_000);
    }
  }

  private static String field(String info, String name) {
    for (String line : info.split("\r?\n")) {
      if (line.startsWith(name + ":")) {
        return line.substring(name.length() + 1).trim();
      }
    }
    return "";
  }
}
