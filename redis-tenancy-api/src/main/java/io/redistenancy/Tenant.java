package io.redistenancy;

import io.lettuce.core.api.StatefulRedisConnection;

/**
 * One tenant's isolated Redis. A handle: cheap, thread-safe, and valid until the tenant is deleted
 * (calls after that throw {@link TenantNotFoundException}). Operations on different tenants run in
 * parallel; operations on one tenant are serialized.
 */
public interface Tenant {
  String name();

  /** The plan the tenant was created from, with the request's overrides and resizes applied. */
  Plan plan();

  /** State and figures from {@code INFO}, read now. */
  TenantStatus status();

  /** Starts a stopped tenant and waits until it answers; does nothing if it runs. */
  void start();

  /** Stops the instance (a clean shutdown: RDB tenants save); data is kept. */
  void stop();

  void restart();

  /**
   * Changes {@code maxmemory} live ({@code CONFIG SET}, no restart) and keeps it for later starts: a
   * reconfiguration of {@code maxMemory} alone, kept as the tenant's own override by plan roll-outs.
   *
   * @throws InvalidRequestException below the plan minimum, or above the tenancy's ceiling
   *     ({@code RedisTenancy.Builder.maxTenantMemory}, default this machine's memory)
   */
  void resize(MemorySize maxMemory);

  /**
   * Starts a change of the tenant's plan or settings (the overrides a create takes); nothing happens
   * until {@link Reconfiguration#apply()}, which applies it live wherever it can.
   */
  Reconfiguration reconfigure();

  /**
   * Moves the tenant to another plan, live: {@code reconfigure().plan(planName).apply()}.
   *
   * @throws InvalidRequestException for an unknown plan, or a plan with a setting that cannot change
   *     without a restart (use {@link #reconfigure()} with {@link Reconfiguration#allowRestart()})
   */
  default ReconfigureReport changePlan(String planName) {
    return reconfigure().plan(planName).apply();
  }

  /**
   * Changes the keyspace notifications the instance publishes, live ({@code CONFIG SET
   * notify-keyspace-events}, no restart), and keeps them for later starts.
   *
   * @throws InvalidRequestException on a backend whose tenants do not own their server's configuration
   */
  void keyspaceEvents(KeyspaceEvents keyspaceEvents);

  /**
   * Returns the running instance to a pristine state without restarting it: every database, script
   * and function flushed, other clients disconnected, statistics reset, and the live configuration
   * back to the tenant's plan. For test suites that reuse instances, and for wiping a tenant.
   */
  void reset();

  /** Deletes the tenant; afterwards this handle throws {@link TenantNotFoundException}. */
  void delete(Deletion deletion);

  /** Endpoints and the tenant user's credentials. */
  ConnectionInfo connection();

  /**
   * A new Lettuce connection as the tenant user, on the tenancy's shared client resources (closed
   * with the tenancy). On a shared server it applies the tenant's key prefix ({@link KeyPrefixCodec}):
   * the application sees its keys without it. The caller closes the connection.
   */
  StatefulRedisConnection<String, String> connect();

  /** The customer's connection files. */
  Handover handover();

  /** The server certificate of a TLS tenant; empty for a plaintext one. */
  java.util.Optional<CertificateInfo> certificate();

  /**
   * Issues a new server certificate from the home's CA and reloads it in the running instance
   * without a restart; existing connections stay open, new ones see the new certificate. A
   * certificate that has already ended is replaced with a restart (no verifying client, the library
   * included, reaches the instance any more).
   *
   * @throws InvalidRequestException for a plaintext tenant
   */
  CertificateInfo renewCertificate();

  /**
   * Gives the tenant user a new password at once ({@link #connection()} and {@link #handover()} show
   * it); the current password keeps working until {@code grace} has passed, so applications can
   * switch over; connections already open stay open. Returns when the old password stops working.
   */
  java.time.Instant rotatePassword(java.time.Duration grace);

  /**
   * The same, and with {@link OpenConnections#DISCONNECT} every connection of the tenant user still open when the
   * grace period ends is closed then (Redis keeps a connection open that was authenticated with a password it no
   * longer accepts; it cannot tell which password a connection used, so all are closed): clients holding the new
   * password reconnect, those with the old one cannot. Only for a tenant with a dedicated instance.
   *
   * @throws InvalidRequestException for {@code DISCONNECT} on a tenant of a shared server
   */
  java.time.Instant rotatePassword(java.time.Duration grace, OpenConnections atGraceEnd);

  /** Ends a password rotation's grace period now: the previous password stops working. */
  void finishPasswordRotation();

  /** The tenant's backups: create, list, verify, restore. */
  TenantBackups backups();
}
