package io.redistenancy;

import io.redistenancy.internal.Names;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A named, typed set of limits for tenants (a hosting panel's "package"). Immutable; build one with
 * {@link #builder(String)}, derive one with {@link #toBuilder()}. Plans come from code or from files
 * ({@link Plans#directory(java.nio.file.Path)}); the plan named {@code default} is used when a tenant
 * names none, and {@link #DEFAULT} when no catalog has one.
 */
public final class Plan {
  /** Redis's own default save points: an hour/1 change, 5 minutes/100, a minute/10000. */
  public static final List<SavePoint> DEFAULT_SAVE_POINTS =
      List.of(new SavePoint(3600, 1), new SavePoint(300, 100), new SavePoint(60, 10000));

  /** Daily at 03:00 UTC, as the peers do; {@link BackupSchedule#NONE} turns it off. */
  public static final BackupSchedule DEFAULT_BACKUP_SCHEDULE = BackupSchedule.daily();

  /**
   * The built-in {@code default} plan: 64mb, noeviction, RDB, 1000 clients, 16 databases, a daily
   * backup.
   */
  public static final Plan DEFAULT = builder("default").build();

  private final String name;
  private final MemorySize maxMemory;
  private final EvictionPolicy evictionPolicy;
  private final Persistence persistence;
  private final List<SavePoint> savePoints;
  private final int maxClients;
  private final int databases;
  private final Duration idleTimeout;
  private final Duration tcpKeepAlive;
  private final Access access;
  private final ClientAuth clientAuth;
  private final BackupSchedule backupSchedule;
  private final BackupRetention backupRetention;
  private final KeyspaceEvents keyspaceEvents;

  private Plan(Builder b) {
    this.name = b.name;
    this.maxMemory = b.maxMemory;
    this.evictionPolicy = b.evictionPolicy;
    this.persistence = b.persistence;
    this.savePoints = b.savePoints;
    this.maxClients = b.maxClients;
    this.databases = b.databases;
    this.idleTimeout = b.idleTimeout;
    this.tcpKeepAlive = b.tcpKeepAlive;
    this.access = b.access;
    this.clientAuth = b.clientAuth;
    this.backupSchedule = b.backupSchedule;
    this.backupRetention = b.backupRetention;
    this.keyspaceEvents = b.keyspaceEvents;
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
    b.maxMemory = maxMemory;
    b.evictionPolicy = evictionPolicy;
    b.persistence = persistence;
    b.savePoints = savePoints;
    b.maxClients = maxClients;
    b.databases = databases;
    b.idleTimeout = idleTimeout;
    b.tcpKeepAlive = tcpKeepAlive;
    b.access = access;
    b.clientAuth = clientAuth;
    b.backupSchedule = backupSchedule;
    b.backupRetention = backupRetention;
    b.keyspaceEvents = keyspaceEvents;
    return b;
  }

  /** Plaintext, TLS only, or both (default {@link Access#PLAIN}). */
  public Access access() {
    return access;
  }

  /** Whether TLS clients must present a certificate (default {@link ClientAuth#NONE}). */
  public ClientAuth clientAuth() {
    return clientAuth;
  }

  public String name() {
    return name;
  }

  /** The {@code maxmemory} Redis enforces; never unlimited. */
  public MemorySize maxMemory() {
    return maxMemory;
  }

  public EvictionPolicy evictionPolicy() {
    return evictionPolicy;
  }

  public Persistence persistence() {
    return persistence;
  }

  /** When RDB snapshots are taken; used only if {@link Persistence#usesRdb()}. */
  public List<SavePoint> savePoints() {
    return savePoints;
  }

  public int maxClients() {
    return maxClients;
  }

  public int databases() {
    return databases;
  }

  /** Idle client connections are closed after this long; zero never closes them. */
  public Duration idleTimeout() {
    return idleTimeout;
  }

  public Duration tcpKeepAlive() {
    return tcpKeepAlive;
  }

  /** When the tenancy's scheduler backs up this plan's tenants; default {@link #DEFAULT_BACKUP_SCHEDULE}. */
  public BackupSchedule backupSchedule() {
    return backupSchedule;
  }

  /** How long this plan's tenants' backups are kept; default {@link BackupRetention#DEFAULT}. */
  public BackupRetention backupRetention() {
    return backupRetention;
  }

  /**
   * The keyspace notifications the tenant's Redis publishes ({@code notify-keyspace-events}); default
   * {@link KeyspaceEvents#NONE}. Only a dedicated instance has them: the setting is server-wide.
   */
  public KeyspaceEvents keyspaceEvents() {
    return keyspaceEvents;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Plan p && name.equals(p.name) && maxMemory.equals(p.maxMemory)
        && evictionPolicy == p.evictionPolicy && persistence == p.persistence
        && savePoints.equals(p.savePoints) && maxClients == p.maxClients && databases == p.databases
        && idleTimeout.equals(p.idleTimeout) && tcpKeepAlive.equals(p.tcpKeepAlive) && access == p.access
        && clientAuth == p.clientAuth && backupSchedule.equals(p.backupSchedule)
        && backupRetention.equals(p.backupRetention) && keyspaceEvents.equals(p.keyspaceEvents);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, maxMemory, evictionPolicy, persistence, savePoints, maxClients, databases,
        idleTimeout, tcpKeepAlive, access, clientAuth, backupSchedule, backupRetention, keyspaceEvents);
  }

  @Override
  public String toString() {
    return "Plan{" + name + ", maxmemory " + maxMemory + ", " + evictionPolicy.redisName() + ", " + persistence
        + ", maxclients " + maxClients + ", databases " + databases
        + (access == Access.PLAIN ? "" : ", " + access + ", client auth " + clientAuth)
        + (keyspaceEvents.isNone() ? "" : ", keyspace events " + keyspaceEvents) + "}";
  }

  /** Builds a {@link Plan}. Each setter checks its value; {@link #build()} leaves the builder usable. */
  public static final class Builder {
    /** The smallest {@code maxmemory} a plan may set: below this Redis cannot hold its own overhead. */
    public static final MemorySize MIN_MAX_MEMORY = MemorySize.ofMegabytes(1);

    private final String name;
    private MemorySize maxMemory = MemorySize.ofMegabytes(64);
    private EvictionPolicy evictionPolicy = EvictionPolicy.NOEVICTION;
    private Persistence persistence = Persistence.RDB;
    private List<SavePoint> savePoints = DEFAULT_SAVE_POINTS;
    private int maxClients = 1000;
    private int databases = 16;
    private Duration idleTimeout = Duration.ZERO;
    private Duration tcpKeepAlive = Duration.ofSeconds(300);
    private Access access = Access.PLAIN;
    private ClientAuth clientAuth = ClientAuth.NONE;
    private BackupSchedule backupSchedule = DEFAULT_BACKUP_SCHEDULE;
    private BackupRetention backupRetention = BackupRetention.DEFAULT;
    private KeyspaceEvents keyspaceEvents = KeyspaceEvents.NONE;

    private Builder(String name) {
      this.name = name;
    }

    public Builder maxMemory(MemorySize maxMemory) {
      Objects.requireNonNull(maxMemory, "maxMemory");
      if (maxMemory.compareTo(MIN_MAX_MEMORY) < 0) {
        throw new InvalidRequestException("maxMemory " + maxMemory + " is below the minimum of "
            + MIN_MAX_MEMORY + " (a tenant is never unlimited)");
      }
      this.maxMemory = maxMemory;
      return this;
    }

    public Builder evictionPolicy(EvictionPolicy evictionPolicy) {
      this.evictionPolicy = Objects.requireNonNull(evictionPolicy, "evictionPolicy");
      return this;
    }

    public Builder persistence(Persistence persistence) {
      this.persistence = Objects.requireNonNull(persistence, "persistence");
      return this;
    }

    public Builder savePoints(List<SavePoint> savePoints) {
      Objects.requireNonNull(savePoints, "savePoints");
      if (savePoints.isEmpty()) {
        throw new InvalidRequestException("savePoints is empty; to take no snapshots use Persistence.NONE "
            + "or an AOF mode");
      }
      this.savePoints = List.copyOf(savePoints);
      return this;
    }

    public Builder maxClients(int maxClients) {
      if (maxClients < 1 || maxClients > 100_000) {
        throw new InvalidRequestException("maxClients " + maxClients + " is out of range; allowed 1 to 100000");
      }
      this.maxClients = maxClients;
      return this;
    }

    public Builder databases(int databases) {
      if (databases < 1 || databases > 1024) {
        throw new InvalidRequestException("databases " + databases + " is out of range; allowed 1 to 1024");
      }
      this.databases = databases;
      return this;
    }

    public Builder idleTimeout(Duration idleTimeout) {
      this.idleTimeout = requireWholeSeconds("idleTimeout", idleTimeout);
      return this;
    }

    public Builder tcpKeepAlive(Duration tcpKeepAlive) {
      this.tcpKeepAlive = requireWholeSeconds("tcpKeepAlive", tcpKeepAlive);
      return this;
    }

    /** How clients reach the tenant; TLS modes get a certificate from the home's CA. */
    public Builder access(Access access) {
      this.access = Objects.requireNonNull(access, "access");
      return this;
    }

    /** Whether TLS clients must present a client certificate; only meaningful with TLS. */
    public Builder clientAuth(ClientAuth clientAuth) {
      this.clientAuth = Objects.requireNonNull(clientAuth, "clientAuth");
      return this;
    }

    public Builder backupSchedule(BackupSchedule backupSchedule) {
      this.backupSchedule = Objects.requireNonNull(backupSchedule, "backupSchedule");
      return this;
    }

    public Builder backupRetention(BackupRetention backupRetention) {
      this.backupRetention = Objects.requireNonNull(backupRetention, "backupRetention");
      return this;
    }

    /** The keyspace notifications to publish ({@code notify-keyspace-events}); changeable live. */
    public Builder keyspaceEvents(KeyspaceEvents keyspaceEvents) {
      this.keyspaceEvents = Objects.requireNonNull(keyspaceEvents, "keyspaceEvents");
      return this;
    }

    private static Duration requireWholeSeconds(String setting, Duration value) {
      Objects.requireNonNull(value, setting);
      if (value.isNegative() || value.toSeconds() > 365L * 24 * 3600 || value.getNano() != 0) {
        throw new InvalidRequestException(setting + " " + value + " is invalid; use whole seconds from 0 to a year");
      }
      return value;
    }

    public Plan build() {
      if (clientAuth != ClientAuth.NONE && !access.usesTls()) {
        throw new InvalidRequestException("clientAuth " + clientAuth + " needs TLS; set access TLS_ONLY or DUAL"
            + " (it is " + access + ")");
      }
      return new Plan(this);
    }
  }
}
