package io.redistenancy.benchmarks.provision;

import io.redistenancy.Deletion;
import io.redistenancy.RedisTenancy;
import io.redistenancy.Tenant;
import io.redistenancy.benchmarks.Stats;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Memory of idle tenants: creates {@code count} tenants, lets them settle, sums the RSS (and PSS) of
 * their redis-server processes, found by {@code INFO server} process_id as each tenant's own user. The
 * same count of raw redis-servers is measured alongside, as the floor.
 */
final class IdleMemory {
  private static final long SETTLE_MILLIS = 1000;

  /**
   * @param tenants idle tenants measured
   * @param rssMb mean RSS per tenant's redis-server, MB
   * @param pssMb mean PSS per tenant's redis-server, MB
   * @param helperProcesses other processes under this JVM while the tenants ran (e.g. watchdogs)
   * @param helperRssMb their total RSS, MB
   * @param rawRssMb mean RSS of a raw idle redis-server, MB
   * @param rawPssMb mean PSS of a raw idle redis-server, MB
   * @param creates create-to-PING times while the tenants accumulated (0 to count-1 already running)
   */
  record Result(int tenants, double rssMb, double pssMb, int helperProcesses, double helperRssMb,
      double rawRssMb, double rawPssMb, Stats creates) {}

  private IdleMemory() {}

  static Result measure(RedisTenancy tenancy, RawRedis raw, int count) throws InterruptedException {
    List<Tenant> tenants = new ArrayList<>();
    List<Long> createNanos = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        long start = System.nanoTime();
        tenants.add(tenancy.create("idle-" + i).apply());
        createNanos.add(System.nanoTime() - start);
      }
      Set<Long> pids = tenants.stream().map(IdleMemory::processId).collect(Collectors.toSet());
      Thread.sleep(SETTLE_MILLIS);
      List<Long> helpers = ProcessHandle.current().descendants()
          .map(ProcessHandle::pid).filter(pid -> !pids.contains(pid)).toList();
      double[] tenantMb = perProcessMb(pids);
      double helperRss = helpers.stream().mapToLong(ProcFs::rssKb).sum() / 1024.0;
      double[] rawMb = rawPerProcessMb(raw, count);
      return new Result(count, tenantMb[0], tenantMb[1], helpers.size(), helperRss, rawMb[0], rawMb[1],
          Stats.ofNanos(createNanos));
    } finally {
      tenants.forEach(t -> t.delete(Deletion.PURGE));
    }
  }

  private static double[] rawPerProcessMb(RawRedis raw, int count) throws InterruptedException {
    List<RawRedis.Instance> instances = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        instances.add(raw.start());
      }
      Thread.sleep(SETTLE_MILLIS);
      return perProcessMb(instances.stream().map(RawRedis.Instance::pid).collect(Collectors.toSet()));
    } finally {
      instances.forEach(RawRedis.Instance::close);
    }
  }

  /** Mean {RSS, PSS} per process in MB. */
  private static double[] perProcessMb(Set<Long> pids) {
    double rss = pids.stream().mapToLong(ProcFs::rssKb).sum() / 1024.0;
    double pss = pids.stream().mapToLong(ProcFs::pssKb).sum() / 1024.0;
    return new double[] {rss / pids.size(), pss / pids.size()};
  }

  private static long processId(Tenant tenant) {
    try (var conn = tenant.connect()) {
      return conn.sync().info("server").lines()
          .filter(l -> l.startsWith("process_id:"))
          .mapToLong(l -> Long.parseLong(l.substring("process_id:".length()).trim()))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("INFO server of " + tenant.name() + " has no process_id"));
    }
  }
}
