package io.redistenancy.internal.external;

import io.redistenancy.EventPayload;
import io.redistenancy.MemorySize;
import io.redistenancy.internal.resp.RespException;
import io.redistenancy.spi.InstanceEvents;
import io.redistenancy.spi.InstanceSpec;
import io.redistenancy.spi.TenantId;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The memory quotas of a shared backend's tenants and whether each tenant's user is held to
 * {@link AclRules#READ_AND_DELETE}. Every write of a tenant's command rules and every removal of a
 * tenant runs under the tenant's lock ({@link #locked}), so a quota check, a status, a change and a
 * delete of one tenant never interleave: no rules are written for a tenant deleted meanwhile, and
 * what {@link #held} says is what the server has (a restore is never lost to a stale write).
 *
 * <p>The quotas are kept in the backend's work directory as well: a tenancy opened again enforces
 * them before anything asks about its tenants.
 */
final class Quotas {
  private static final Logger LOG = LoggerFactory.getLogger(Quotas.class);
  private static final int STRIPES = 64;

  private final InstanceEvents events;
  /** Whether a tenant is (still) placed on a server. */
  private final BiPredicate<TenantId, SharedServer> placedOn;
  private final TenantFiles files;
  private final Map<TenantId, MemorySize> quotas = new ConcurrentHashMap<>();
  /** What the tenant's user on its server has, as last written or read: held to read-and-delete or not. */
  private final Map<TenantId, Boolean> held = new ConcurrentHashMap<>();
  private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

  Quotas(InstanceEvents events, BiPredicate<TenantId, SharedServer> placedOn, TenantFiles files) {
    this.events = events;
    this.placedOn = placedOn;
    this.files = files;
    for (int i = 0; i < STRIPES; i++) {
      locks[i] = new ReentrantLock();
    }
    files.all().forEach((id, line) -> {
      try {
        quotas.put(id, MemorySize.ofBytes(Long.parseLong(line)));
      } catch (IllegalArgumentException e) {
        LOG.warn("ignoring the unreadable quota record of tenant '{}' (learnt again from its next change or status)", id);
      }
    });
  }

  /** Remembers the tenant's quota from its spec (kept on disk when it changed). */
  void learn(InstanceSpec spec) {
    MemorySize quota = spec.plan().maxMemory();
    if (!quota.equals(quotas.put(spec.id(), quota))) {
      files.saveLazily(spec.id(), Long.toString(quota.toBytes()));
    }
  }

  /** The known quotas: tenants this backend has seen a spec of, in this or an earlier run. */
  Map<TenantId, MemorySize> known() {
    return Map.copyOf(quotas);
  }

  /** The tenant is gone: a later tenant of the same name starts with a clean quota state. Call under {@link #locked}. */
  void forget(TenantId id) {
    quotas.remove(id);
    held.remove(id);
    files.delete(id);
  }

  /** Whether the tenant's user should be written with the over-quota rules; call under {@link #locked}. */
  boolean held(TenantId id) {
    return held.getOrDefault(id, false);
  }

  /** The tenant's user was just written whole with {@code heldToReadAndDelete} rules; call under {@link #locked}. */
  void wrote(TenantId id, boolean heldToReadAndDelete) {
    held.put(id, heldToReadAndDelete);
  }

  /** Makes the quotas learnt durable (at close). */
  void sync() {
    files.sync();
  }

  /** Runs {@code work} holding the tenant's lock. */
  <T> T locked(TenantId id, SharedServer.Call<T> work) throws IOException {
    ReentrantLock lock = lockOf(id);
    lock.lock();
    try {
      return work.run();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Holds the tenant to read-and-delete when {@code used} is over {@code quota}, and lets it write again
   * when it is under; sends {@code QUOTA_EXCEEDED} or {@code QUOTA_RESTORED} on a change (outside the
   * lock: a listener may change tenants). Waits for the tenant's lock.
   */
  void enforce(SharedServer server, TenantId id, MemorySize used, MemorySize quota) throws IOException {
    locked(id, () -> decide(server, id, used, quota)).ifPresent(Runnable::run);
  }

  /**
   * As {@link #enforce}, unless the tenant is busy (a delete, a change): then nothing is done and the
   * next check decides.
   *
   * @return whether the tenant was checked
   */
  boolean enforceIfIdle(SharedServer server, TenantId id, MemorySize used, MemorySize quota) throws IOException {
    ReentrantLock lock = lockOf(id);
    if (!lock.tryLock()) {
      return false;
    }
    Optional<Runnable> event;
    try {
      event = decide(server, id, used, quota);
    } finally {
      lock.unlock();
    }
    event.ifPresent(Runnable::run);
    return true;
  }

  /** Writes the rules {@code used} calls for, if they differ from the user's; returns the event to send then. */
  private Optional<Runnable> decide(SharedServer server, TenantId id, MemorySize used, MemorySize quota)
      throws IOException {
    if (!placedOn.test(id, server)) {
      return Optional.empty(); // deleted (or moved) since it was measured
    }
    boolean over = used.compareTo(quota) > 0;
    Boolean now = held.get(id);
    if (now == null) {
      now = probe(server, id); // a tenancy opened again: the server says
      if (now == null) {
        return Optional.empty(); // the server lost the user: reconcile() makes it again, whole
      }
      held.put(id, now);
    }
    if (now == over) {
      return Optional.empty();
    }
    server.onEveryNode(AclRules.setCommands(id.value(), server.supported(), over).toArray(String[]::new));
    server.persist();
    held.put(id, over);
    EventPayload payload = over ? new EventPayload.QuotaExceeded(quota, used) : new EventPayload.QuotaRestored(quota, used);
    return Optional.of(() -> events.event(id, payload));
  }

  /**
   * Whether the tenant's user on the server is held to read-and-delete now ({@code ACL DRYRUN} of a
   * {@code SET} on its prefix: whatever form the server shows its rules in), or null if it has no such user.
   */
  private static Boolean probe(SharedServer server, TenantId id) throws IOException {
    try {
      Object reply = server.onSeed("ACL", "DRYRUN", id.value(), "SET", AclRules.keyPrefix(id.value()) + "probe", "1");
      return !"OK".equals(SharedServer.string(reply));
    } catch (RespException noSuchUser) {
      return null;
    }
  }

  private ReentrantLock lockOf(TenantId id) {
    return locks[Math.floorMod(id.hashCode(), STRIPES)];
  }
}
