package io.redistenancy.internal.plan;

import io.redistenancy.Access;
import io.redistenancy.BackupRetention;
import io.redistenancy.BackupSchedule;
import io.redistenancy.ClientAuth;
import io.redistenancy.EvictionPolicy;
import io.redistenancy.InvalidRequestException;
import io.redistenancy.KeyspaceEvents;
import io.redistenancy.MemorySize;
import io.redistenancy.Persistence;
import io.redistenancy.Plan;
import io.redistenancy.SavePoint;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The table of plan directives: {@link Plan} and its builder, both plan-file parsers, tenant records,
 * redis.conf, {@code CONFIG SET} and {@code InstanceSpec.hash()} all read it. Adding a directive is one
 * entry here (in {@link #ALL} too), its {@link Plan} accessor and builder setter, and its tests;
 * {@code PlanDirectivesTest} then holds it to the table's promises (hashed, rendered, read back).
 *
 * <p>A directive with {@link PlanDirective.Builder#inFiles} is read by both parsers and stored by its
 * text; the others ({@link #PERSISTENCE}, {@link #SAVE_POINTS}, {@link #ACCESS}, {@link #CLIENT_AUTH},
 * the backup settings) are spelled by several file lines together and rendered with the library's own
 * lines (persistence, TLS), so the parsers, the renderer and the record keep code of their own for them.
 *
 * <p>No entry may read {@link Plan}'s static fields here: Plan's own defaults come from this table.
 */
public final class PlanDirectives {
  /** Redis's keyspace event letters, {@code $} among them, or the quoted empty value: none. */
  private static final Pattern KEYSPACE_FLAGS = Pattern.compile("[A-Za-z$]+|\"\"");

  public static final PlanDirective<MemorySize> MAX_MEMORY = PlanDirective.of("maxMemory",
          MemorySize.ofMegabytes(64), MemorySize.ofMegabytes(256), Plan::maxMemory, Plan.Builder::maxMemory)
      .checked(PlanDirectives::atLeastMinimum)
      .inFiles("maxmemory", "maxMemory", FileValues.MEMORY)
      .rendered(MemorySize::toRedisValue).live().build();

  public static final PlanDirective<EvictionPolicy> EVICTION_POLICY = PlanDirective.of("evictionPolicy",
          EvictionPolicy.NOEVICTION, EvictionPolicy.ALLKEYS_LRU, Plan::evictionPolicy, Plan.Builder::evictionPolicy)
      .inFiles("maxmemory-policy", "evictionPolicy", FileValues.EVICTION_POLICY)
      .rendered(EvictionPolicy::redisName).live().build();

  public static final PlanDirective<Integer> MAX_CLIENTS = PlanDirective.of("maxClients",
          1000, 500, Plan::maxClients, Plan.Builder::maxClients)
      .checked(range("maxClients", 1, 100_000))
      .inFiles("maxclients", "maxClients", FileValues.WHOLE_NUMBER)
      .rendered(String::valueOf).live().build();

  public static final PlanDirective<Integer> DATABASES = PlanDirective.of("databases",
          16, 4, Plan::databases, Plan.Builder::databases)
      .checked(range("databases", 1, 1024))
      .inFiles("databases", "databases", FileValues.WHOLE_NUMBER)
      .rendered(String::valueOf).build(); // Redis fixes the number of databases at start

  public static final PlanDirective<Duration> IDLE_TIMEOUT = PlanDirective.of("idleTimeout",
          Duration.ZERO, Duration.ofSeconds(300), Plan::idleTimeout, Plan.Builder::idleTimeout)
      .checked(wholeSeconds("idleTimeout"))
      .inFiles("timeout", "idleTimeoutSeconds", FileValues.SECONDS)
      .rendered(d -> Long.toString(d.toSeconds())).live().build();

  public static final PlanDirective<Duration> TCP_KEEPALIVE = PlanDirective.of("tcpKeepAlive",
          Duration.ofSeconds(300), Duration.ofSeconds(60), Plan::tcpKeepAlive, Plan.Builder::tcpKeepAlive)
      .checked(wholeSeconds("tcpKeepAlive"))
      .inFiles("tcp-keepalive", "tcpKeepAliveSeconds", FileValues.SECONDS)
      .rendered(d -> Long.toString(d.toSeconds())).live().build();

  public static final PlanDirective<KeyspaceEvents> KEYSPACE_EVENTS = PlanDirective.of("keyspaceEvents",
          KeyspaceEvents.NONE, KeyspaceEvents.parse("Egx"), Plan::keyspaceEvents, Plan.Builder::keyspaceEvents)
      .inFiles("notify-keyspace-events", "keyspaceEvents", FileValues.KEYSPACE_EVENTS).fileToken(KEYSPACE_FLAGS)
      .rendered(KeyspaceEvents::toRedisValue).unlessRedisDefault(KeyspaceEvents.NONE).live().serverWide().build();

  /** Redis's background task frequency; a dense host lowers it. Redis's own bounds, and its default 10. */
  public static final PlanDirective<Integer> HZ = PlanDirective.of("hz", 10, 5, Plan::hz, Plan.Builder::hz)
      .checked(range("hz", 1, 500))
      .inFiles("hz", "hz", FileValues.WHOLE_NUMBER)
      .rendered(String::valueOf).unlessRedisDefault(10).live().serverWide().build();

  public static final PlanDirective<Persistence> PERSISTENCE = PlanDirective.of("persistence",
      Persistence.RDB, Persistence.AOF_EVERYSEC, Plan::persistence, Plan.Builder::persistence).build();

  public static final PlanDirective<List<SavePoint>> SAVE_POINTS = PlanDirective.of("savePoints",
          List.of(new SavePoint(3600, 1), new SavePoint(300, 100), new SavePoint(60, 10000)),
          List.of(new SavePoint(900, 1), new SavePoint(300, 10)), Plan::savePoints, Plan.Builder::savePoints)
      .checked(PlanDirectives::someSavePoints).build();

  public static final PlanDirective<Access> ACCESS = PlanDirective.of("access",
      Access.PLAIN, Access.TLS_ONLY, Plan::access, Plan.Builder::access).build();

  public static final PlanDirective<ClientAuth> CLIENT_AUTH = PlanDirective.of("clientAuth",
      ClientAuth.NONE, ClientAuth.REQUIRED, Plan::clientAuth, Plan.Builder::clientAuth).build();

  public static final PlanDirective<BackupSchedule> BACKUP_SCHEDULE = PlanDirective.of("backupSchedule",
          BackupSchedule.daily(), BackupSchedule.NONE, Plan::backupSchedule, Plan.Builder::backupSchedule)
      .notInstance().build();

  public static final PlanDirective<BackupRetention> BACKUP_RETENTION = PlanDirective.of("backupRetention",
          BackupRetention.DEFAULT, new BackupRetention(7, Duration.ofDays(7)), Plan::backupRetention,
          Plan.Builder::backupRetention)
      .notInstance().build();

  /** Every directive, in redis.conf order. */
  public static final List<PlanDirective<?>> ALL = List.of(MAX_MEMORY, EVICTION_POLICY, MAX_CLIENTS, DATABASES,
      IDLE_TIMEOUT, TCP_KEEPALIVE, KEYSPACE_EVENTS, HZ, PERSISTENCE, SAVE_POINTS, ACCESS, CLIENT_AUTH,
      BACKUP_SCHEDULE, BACKUP_RETENTION);

  private PlanDirectives() {}

  /** The directives plan files set by themselves, in table order. */
  static List<PlanDirective<?>> inFiles() {
    return ALL.stream().filter(d -> d.fileName().isPresent()).toList();
  }

  /** What of {@code plan} shapes an instance, one explicit line per hashed directive. */
  public static String shape(Plan plan) {
    StringBuilder shape = new StringBuilder(plan.name());
    ALL.stream().filter(PlanDirective::shapesInstance).forEach(d -> shape.append('\n').append(d.hashText(plan)));
    return shape.toString();
  }

  /** {@code CONFIG SET} of every live-changeable directive, in table order. */
  public static String[] liveConfig(Plan plan) {
    List<String> command = new java.util.ArrayList<>(List.of("CONFIG", "SET"));
    ALL.stream().filter(PlanDirective::live).forEach(d -> {
      command.add(d.fileName().orElseThrow());
      command.add(d.liveValue(plan));
    });
    return command.toArray(String[]::new);
  }

  private static MemorySize atLeastMinimum(MemorySize maxMemory) {
    if (maxMemory.compareTo(Plan.Builder.MIN_MAX_MEMORY) < 0) {
      throw new InvalidRequestException("maxMemory " + maxMemory + " is below the minimum of "
          + Plan.Builder.MIN_MAX_MEMORY + " (a tenant is never unlimited)");
    }
    return maxMemory;
  }

  private static List<SavePoint> someSavePoints(List<SavePoint> savePoints) {
    if (savePoints.isEmpty()) {
      throw new InvalidRequestException("savePoints is empty; to take no snapshots use Persistence.NONE "
          + "or an AOF mode");
    }
    return List.copyOf(savePoints);
  }

  private static UnaryOperator<Integer> range(String setting, int min, int max) {
    return value -> {
      if (value < min || value > max) {
        throw new InvalidRequestException(setting + " " + value + " is out of range; allowed " + min + " to " + max);
      }
      return value;
    };
  }

  private static UnaryOperator<Duration> wholeSeconds(String setting) {
    return value -> {
      if (value.isNegative() || value.toSeconds() > 365L * 24 * 3600 || value.getNano() != 0) {
        throw new InvalidRequestException(setting + " " + value + " is invalid; use whole seconds from 0 to a year");
      }
      return value;
    };
  }
}
