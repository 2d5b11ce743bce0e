package io.redistenancy.internal.state;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.redistenancy.Endpoint;
import io.redistenancy.Plan;
import io.redistenancy.spi.Instance;
import io.redistenancy.spi.TenantId;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The desired state of one tenant, as stored in {@code home/tenants/NAME.json}. Immutable: every change
 * is a new record written atomically. {@code pending} is the intent of an operation that has started
 * and not yet recorded its outcome; after a crash, reconcile finishes or rolls it back.
 *
 * @param name the tenant
 * @param plan the effective plan (plan plus overrides plus resizes)
 * @param running whether the tenant should run
 * @param endpoints where it was last reachable, preferred first
 * @param pending the operation in progress, or null
 * @param createdAt ISO-8601
 * @param failure why the backend gave up on it, or null
 * @param keyPrefix the key prefix on a shared server, or null/empty for a dedicated instance
 * @param creationId unique per creation of a tenant: backups belong to it, not to the name, so a new
 *     tenant with an old name does not inherit the old one's backups. A record written before creation
 *     ids existed gets one derived from its name and creation time, the same on every read.
 * @param overrides the plan settings (directive keys, e.g. {@code maxMemory}) that are the tenant's own
 *     rather than its plan's: a plan roll-out keeps them; null in records written before they were kept
 */
public record TenantRecord(
    String name,
    PlanRecord plan,
    boolean running,
    List<EndpointRecord> endpoints,
    Operation pending,
    String createdAt,
    String failure,
    String keyPrefix,
    String creationId,
    List<String> overrides) {
  private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

  public TenantRecord {
    endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
    keyPrefix = keyPrefix == null ? "" : keyPrefix;
    creationId = creationId == null || creationId.isEmpty() ? legacyCreationId(name, createdAt) : creationId;
    overrides = overrides == null ? null : List.copyOf(new java.util.TreeSet<>(overrides));
  }

  /** @param overrides the settings the request set itself rather than taking them from the plan */
  public static TenantRecord creating(TenantId id, Plan plan, List<String> overrides, Instant now) {
    byte[] random = new byte[12];
    RANDOM.nextBytes(random);
    return new TenantRecord(id.value(), PlanRecord.of(plan), true, List.of(),
        new Operation(Operation.Type.CREATE, now.toString(), null), now.toString(), null, "",
        java.util.HexFormat.of().formatHex(random), overrides);
  }

  /** The creation id of a record from before creation ids: derived, so stable without a rewrite. */
  static String legacyCreationId(String name, String createdAt) {
    try {
      byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
          .digest((name + "|" + createdAt).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return "legacy-" + java.util.HexFormat.of().formatHex(hash, 0, 8);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  @JsonIgnore
  public TenantId id() {
    return TenantId.of(name);
  }

  @JsonIgnore
  public Plan effectivePlan() {
    return plan.toPlan();
  }

  @JsonIgnore
  public List<Endpoint> endpointList() {
    return endpoints.stream().map(EndpointRecord::toEndpoint).toList();
  }

  public TenantRecord withPlan(Plan newPlan) {
    return new TenantRecord(name, PlanRecord.of(newPlan), running, endpoints, pending, createdAt, failure, keyPrefix, creationId, overrides);
  }

  /** The plan and the settings that are the tenant's own (see {@code overrides}). */
  public TenantRecord withPlan(Plan newPlan, List<String> ownSettings) {
    return new TenantRecord(name, PlanRecord.of(newPlan), running, endpoints, pending, createdAt, failure, keyPrefix,
        creationId, ownSettings);
  }

  public TenantRecord withRunning(boolean shouldRun) {
    return new TenantRecord(name, plan, shouldRun, endpoints, pending, createdAt, failure, keyPrefix, creationId, overrides);
  }

  /** Records where a started instance answers. */
  public TenantRecord withInstance(Instance instance) {
    return new TenantRecord(name, plan, running, instance.endpoints().stream().map(EndpointRecord::of).toList(),
        pending, createdAt, failure, instance.keyPrefix(), creationId, overrides);
  }

  /** Records the intent of an operation before acting. */
  public TenantRecord begin(Operation.Type type, Instant now, String detail) {
    return new TenantRecord(name, plan, running, endpoints, new Operation(type, now.toString(), detail), createdAt,
        failure, keyPrefix, creationId, overrides);
  }

  /** Records the outcome: no operation pending, no failure. */
  public TenantRecord done() {
    return new TenantRecord(name, plan, running, endpoints, null, createdAt, null, keyPrefix, creationId, overrides);
  }

  public TenantRecord withFailure(String reason) {
    return new TenantRecord(name, plan, running, endpoints, pending, createdAt, reason, keyPrefix, creationId, overrides);
  }

  /** An operation's intent. {@code detail} carries e.g. the deletion mode. */
  public record Operation(Type type, String startedAt, String detail) {
    public enum Type {
      CREATE, START, STOP, RESIZE, DELETE,
      /** A restore from a backup; {@code detail} is the token of the data kept aside (see RestoreOperation). */
      RESTORE,
      /** A live-changeable plan setting other than maxmemory (e.g. keyspace events); re-applied on reconcile. */
      RECONFIGURE
    }
  }

  /** An endpoint as stored: a socket path, or a host and port (with TLS when {@code tls}; null in older records). */
  public record EndpointRecord(String socket, String host, int port, Boolean tls) {
    static EndpointRecord of(Endpoint e) {
      return new EndpointRecord(e.socket().map(Path::toString).orElse(null), e.host().orElse(null), e.port(),
          e.isTls() ? Boolean.TRUE : null);
    }

    Endpoint toEndpoint() {
      if (socket != null) {
        return Endpoint.unixSocket(Path.of(socket));
      }
      return Boolean.TRUE.equals(tls) ? Endpoint.tls(host, port) : Endpoint.tcp(host, port);
    }
  }
}
