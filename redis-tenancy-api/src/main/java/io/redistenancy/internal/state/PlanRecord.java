package io.redistenancy.internal.state;

import io.redistenancy.Access;
import io.redistenancy.ClientAuth;
import io.redistenancy.BackupRetention;
import io.redistenancy.BackupSchedule;
import io.redistenancy.EvictionPolicy;
import io.redistenancy.KeyspaceEvents;
import io.redistenancy.MemorySize;
import io.redistenancy.Persistence;
import io.redistenancy.Plan;
import io.redistenancy.SavePoint;
import io.redistenancy.internal.Names;
import io.redistenancy.internal.plan.PlanDirective;
import io.redistenancy.internal.plan.PlanDirectives;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A {@link Plan} as stored in a tenant record; every value goes back through the plan's checks. The
 * values that had fields of their own before the directive table keep them (records on disk have
 * them); every later table directive is stored in {@code directives}, by its plan-file name and text.
 *
 * @param directives the table directives without a field here, e.g. {@code hz -> 5}; null in records
 *     written before the table
 */
public record PlanRecord(
    String name,
    long maxMemoryBytes,
    String evictionPolicy,
    Persistence persistence,
    List<long[]> savePoints,
    int maxClients,
    int databases,
    long idleTimeoutSeconds,
    long tcpKeepAliveSeconds,
    Access access,
    ClientAuth clientAuth,
    String backupSchedule,
    Integer backupRetentionCount,
    Long backupRetentionSeconds,
    String keyspaceEvents,
    Map<String, String> directives) {

  /** The table directives stored in the fields above; this set never grows. */
  private static final Set<PlanDirective<?>> OWN_FIELDS = Set.of(PlanDirectives.MAX_MEMORY,
      PlanDirectives.EVICTION_POLICY, PlanDirectives.MAX_CLIENTS, PlanDirectives.DATABASES,
      PlanDirectives.IDLE_TIMEOUT, PlanDirectives.TCP_KEEPALIVE, PlanDirectives.KEYSPACE_EVENTS);

  static PlanRecord of(Plan plan) {
    return new PlanRecord(plan.name(), plan.maxMemory().toBytes(), plan.evictionPolicy().redisName(),
        plan.persistence(), plan.savePoints().stream().map(p -> new long[] {p.seconds(), p.changes()}).toList(),
        plan.maxClients(), plan.databases(), plan.idleTimeout().toSeconds(), plan.tcpKeepAlive().toSeconds(),
        plan.access(), plan.clientAuth(),
        plan.backupSchedule().toString(), plan.backupRetention().maxCount(),
        plan.backupRetention().maxAge().toSeconds(), plan.keyspaceEvents().toRedisValue(), directives(plan));
  }

  private static Map<String, String> directives(Plan plan) {
    Map<String, String> texts = new TreeMap<>();
    for (PlanDirective<?> directive : PlanDirectives.ALL) {
      if (!OWN_FIELDS.contains(directive) && directive.fileName().isPresent()) {
        texts.put(directive.fileName().get(), text(directive, plan));
      }
    }
    return texts;
  }

  private static <T> String text(PlanDirective<T> directive, Plan plan) {
    return directive.fileValue().orElseThrow().toText(directive.valueIn(plan));
  }

  Plan toPlan() {
    Plan.Builder plan = Plan.builder(name)
        .maxMemory(MemorySize.ofBytes(maxMemoryBytes))
        .evictionPolicy(EvictionPolicy.parse(evictionPolicy))
        .persistence(persistence)
        .savePoints(savePoints.stream().map(p -> new SavePoint(p[0], p[1])).toList())
        .maxClients(maxClients)
        .databases(databases)
        .idleTimeout(Duration.ofSeconds(idleTimeoutSeconds))
        .tcpKeepAlive(Duration.ofSeconds(tcpKeepAliveSeconds))
        .access(access == null ? Access.PLAIN : access) // null in records written before TLS
        .clientAuth(clientAuth == null ? ClientAuth.NONE : clientAuth)
        // records written before backups existed have none of these: the defaults apply
        .backupSchedule(backupSchedule == null ? Plan.DEFAULT_BACKUP_SCHEDULE : BackupSchedule.parse(backupSchedule))
        .backupRetention(backupRetentionCount == null || backupRetentionSeconds == null ? BackupRetention.DEFAULT
            : new BackupRetention(backupRetentionCount, Duration.ofSeconds(backupRetentionSeconds)))
        // null in records written before keyspace events were a plan setting
        .keyspaceEvents(keyspaceEvents == null ? KeyspaceEvents.NONE : KeyspaceEvents.parse(keyspaceEvents));
    if (directives != null) {
      directives.forEach((name, text) -> read(plan, name, text));
    }
    return plan.build();
  }

  private static void read(Plan.Builder plan, String name, String text) {
    PlanDirective<?> directive = PlanDirectives.ALL.stream()
        .filter(d -> !OWN_FIELDS.contains(d) && d.fileName().equals(Optional.of(name))).findFirst()
        .orElseThrow(() -> new IllegalStateException("the tenant record's plan has directive '" + Names.masked(name)
            + "', which this version of the library does not know"));
    set(plan, directive, text);
  }

  private static <T> void set(Plan.Builder plan, PlanDirective<T> directive, String text) {
    directive.set(plan, directive.fileValue().orElseThrow().fromText(directive.fileName().orElseThrow(), text));
  }
}
