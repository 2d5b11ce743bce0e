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
import java.time.Duration;
import java.util.List;

/** A {@link Plan} as stored in a tenant record; every value goes back through the plan's checks. */
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
    String keyspaceEvents) {

  static PlanRecord of(Plan plan) {
    return new PlanRecord(plan.name(), plan.maxMemory().toBytes(), plan.evictionPolicy().redisName(),
        plan.persistence(), plan.savePoints().stream().map(p -> new long[] {p.seconds(), p.changes()}).toList(),
        plan.maxClients(), plan.databases(), plan.idleTimeout().toSeconds(), plan.tcpKeepAlive().toSeconds(),
        plan.access(), plan.clientAuth(),
        plan.backupSchedule().toString(), plan.backupRetention().maxCount(),
        plan.backupRetention().maxAge().toSeconds(), plan.keyspaceEvents().toRedisValue());
  }

  Plan toPlan() {
    return Plan.builder(name)
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
        .keyspaceEvents(keyspaceEvents == null ? KeyspaceEvents.NONE : KeyspaceEvents.parse(keyspaceEvents))
        .build();
  }
}
