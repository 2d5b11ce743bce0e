package io.redistenancy;

import io.redistenancy.internal.Names;
import io.redistenancy.internal.plan.PlanDirective;
import io.redistenancy.internal.plan.PlanDirectives;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A named, typed set of limits for tenants (a hosting panel's "package"). Immutable; build one with
 * {@link #builder(String)}, derive one with {@link #toBuilder()}. Plans come from code or from files
 * ({@link Plans#directory(java.nio.file.Path)}); the plan named {@code default} is used when a tenant
 * names none, and {@link #DEFAULT} when no catalog has one.
 */
public final class Plan {
  /** Redis's own default save points: an hour/1 change, 5 minutes/100, a minute/10000. */
  public static final List<SavePoint> DEFAULT_SAVE_POINTS = PlanDirectives.SAVE_POINTS.defaultValue();

  /** Daily at 03:00 UTC, as the peers do; {@link BackupSchedule#NONE} turns it off. */
  public static final BackupSchedule DEFAULT_BACKUP_SCHEDULE = PlanDirectives.BACKUP_SCHEDULE.defaultValue();

  /**
   * The built-in {@code default} plan: 64mb, noeviction, RDB, 1000 clients, 16 databases, a daily
   * backup.
   */
  public static final Plan DEFAULT = builder("default").build();

  private final String name;
  /** Every directive's value, in table order: equality, copies and the hash iterate the table. */
  private final Map<PlanDirective<?>, Object> values;

  private Plan(Builder b) {
    this.name = b.name;
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(b.values));
  }

  /**
   * A builder for a plan named {@code name}, starting from the built-in defaults.
   *
   * @throws InvalidRequestException if the name is not 2–32 characters of {@code a-z 0-9 -}
   */
  public static Builder builder(String name) {
    return new Builder(Names.requireValid("Plan name", name));
  }

  public Builder toBuilder() {
    Builder b = new Builder(name);
    b.values.putAll(values);
    return b;
  }

  @SuppressWarnings("unchecked") // the builder stores each directive's own type
  private <T> T value(PlanDirective<T> directive) {
    return (T) values.get(directive);
  }

  /** Plaintext, TLS only, or both (default {@link Access#PLAIN}). */
  public Access access() {
    return value(PlanDirectives.ACCESS);
  }

  /** Whether TLS clients must present a certificate (default {@link ClientAuth#NONE}). */
  public ClientAuth clientAuth() {
    return value(PlanDirectives.CLIENT_AUTH);
  }

  public String name() {
    return name;
  }

  /** The {@code maxmemory} Redis enforces; never unlimited. */
  public MemorySize maxMemory() {
    return value(PlanDirectives.MAX_MEMORY);
  }

  public EvictionPolicy evictionPolicy() {
    return value(PlanDirectives.EVICTION_POLICY);
  }

  public Persistence persistence() {
    return value(PlanDirectives.PERSISTENCE);
  }

  /** When RDB snapshots are taken; used only if {@link Persistence#usesRdb()}. */
  public List<SavePoint> savePoints() {
    return value(PlanDirectives.SAVE_POINTS);
  }

  public int maxClients() {
    return value(PlanDirectives.MAX_CLIENTS);
  }

  public int databases() {
    return value(PlanDirectives.DATABASES);
  }

  /** Idle client connections are closed after this long; zero never closes them. */
  public Duration idleTimeout() {
    return value(PlanDirectives.IDLE_TIMEOUT);
  }

  public Duration tcpKeepAlive() {
    return value(PlanDirectives.TCP_KEEPALIVE);
  }

  /** When the tenancy's scheduler backs up this plan's tenants; default {@link #DEFAULT_BACKUP_SCHEDULE}. */
  public BackupSchedule backupSchedule() {
    return value(PlanDirectives.BACKUP_SCHEDULE);
  }

  /** How long this plan's tenants' backups are kept; default {@link BackupRetention#DEFAULT}. */
  public BackupRetention backupRetention() {
    return value(PlanDirectives.BACKUP_RETENTION);
  }

  /**
   * The keyspace notifications the tenant's Redis publishes ({@code notify-keyspace-events}); default
   * {@link KeyspaceEvents#NONE}. Only a dedicated instance has them: the setting is server-wide.
   */
  public KeyspaceEvents keyspaceEvents() {
    return value(PlanDirectives.KEYSPACE_EVENTS);
  }

  /** Redis's background task frequency ({@code hz}, 1 to 500); default Redis's own 10. */
  public int hz() {
    return value(PlanDirectives.HZ);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Plan p && name.equals(p.name) && values.equals(p.values);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, values);
  }

  @Override
  public String toString() {
    return "Plan{" + name + ", maxmemory " + maxMemory() + ", " + evictionPolicy().redisName() + ", " + persistence()
        + ", maxclients " + maxClients() + ", databases " + databases()
        + (access() == Access.PLAIN ? "" : ", " + access() + ", client auth " + clientAuth())
        + (keyspaceEvents().isNone() ? "" : ", keyspace events " + keyspaceEvents()) + "}";
  }

  /** Builds a {@link Plan}. Each setter checks its value; {@link #build()} leaves the builder usable. */
  public static final class Builder {
    /** The smallest {@code maxmemory} a plan may set: below this Redis cannot hold its own overhead. */
    public static final MemorySize MIN_MAX_MEMORY = MemorySize.ofMegabytes(1);

    private final String name;
    private final Map<PlanDirective<?>, Object> values = new LinkedHashMap<>();

    private Builder(String name) {
      this.name = name;
      PlanDirectives.ALL.forEach(d -> values.put(d, d.defaultValue()));
    }

    /** Checks and keeps one directive's value: the table holds every setter's rule. */
    private <T> Builder set(PlanDirective<T> directive, T value) {
      values.put(directive, directive.check(value));
      return this;
    }

    public Builder maxMemory(MemorySize maxMemory) {
      return set(PlanDirectives.MAX_MEMORY, maxMemory);
    }

    public Builder evictionPolicy(EvictionPolicy evictionPolicy) {
      return set(PlanDirectives.EVICTION_POLICY, evictionPolicy);
    }

    public Builder persistence(Persistence persistence) {
      return set(PlanDirectives.PERSISTENCE, persistence);
    }

    public Builder savePoints(List<SavePoint> savePoints) {
      return set(PlanDirectives.SAVE_POINTS, savePoints);
    }

    public Builder maxClients(int maxClients) {
      return set(PlanDirectives.MAX_CLIENTS, maxClients);
    }

    public Builder databases(int databases) {
      return set(PlanDirectives.DATABASES, databases);
    }

    public Builder idleTimeout(Duration idleTimeout) {
      return set(PlanDirectives.IDLE_TIMEOUT, idleTimeout);
    }

    public Builder tcpKeepAlive(Duration tcpKeepAlive) {
      return set(PlanDirectives.TCP_KEEPALIVE, tcpKeepAlive);
    }

    /** How clients reach the tenant; TLS modes get a certificate from the home's CA. */
    public Builder access(Access access) {
      return set(PlanDirectives.ACCESS, access);
    }

    /** Whether TLS clients must present a client certificate; only meaningful with TLS. */
    public Builder clientAuth(ClientAuth clientAuth) {
      return set(PlanDirectives.CLIENT_AUTH, clientAuth);
    }

    public Builder backupSchedule(BackupSchedule backupSchedule) {
      return set(PlanDirectives.BACKUP_SCHEDULE, backupSchedule);
    }

    public Builder backupRetention(BackupRetention backupRetention) {
      return set(PlanDirectives.BACKUP_RETENTION, backupRetention);
    }

    /** The keyspace notifications to publish ({@code notify-keyspace-events}); changeable live. */
    public Builder keyspaceEvents(KeyspaceEvents keyspaceEvents) {
      return set(PlanDirectives.KEYSPACE_EVENTS, keyspaceEvents);
    }

    /**
     * Redis's background task frequency ({@code hz}): 1 to 500, Redis's own bounds; a host with many
     * tenants lowers it to spend less CPU on idle instances. Changeable live; a dedicated instance only.
     */
    public Builder hz(int hz) {
      return set(PlanDirectives.HZ, hz);
    }

    public Plan build() {
      ClientAuth clientAuth = (ClientAuth) values.get(PlanDirectives.CLIENT_AUTH);
      Access access = (Access) values.get(PlanDirectives.ACCESS);
      if (clientAuth != ClientAuth.NONE && !access.usesTls()) {
        throw new InvalidRequestException("clientAuth " + clientAuth + " needs TLS; set access TLS_ONLY or DUAL"
            + " (it is " + access + ")");
      }
      return new Plan(this);
    }
  }
}
