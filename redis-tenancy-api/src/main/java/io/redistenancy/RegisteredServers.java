package io.redistenancy;

import io.redistenancy.internal.external.RegisteredBackend;
import io.redistenancy.internal.external.RegisteredSettings;
import io.redistenancy.internal.external.RegisteredSettings.Registration;
import io.redistenancy.spi.Backend;
import io.redistenancy.spi.BackendContext;
import io.redistenancy.spi.BackendFactory;
import io.redistenancy.spi.TenantId;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of the registered-servers backend: each tenant is a whole Redis server that already
 * exists (a managed service endpoint, a server someone else runs). Pass it to
 * {@code RedisTenancy.Builder.backend(…)}; get one from {@link Backends#registeredServers()}.
 *
 * <pre>{@code
 * RedisTenancy tenancy = RedisTenancy.builder().home(home)
 *     .backend(Backends.registeredServers().register("acme", "10.1.2.3", 6379, "ops", opsPassword))
 *     .build();
 * Tenant acme = tenancy.create("acme").apply();   // registers it
 * }</pre>
 *
 * <h2>What registering does</h2>
 * {@code create("acme")} checks that the server answers the admin user and makes the tenant's own
 * ACL user {@code acme} there, with the library's password for it (the rules of the tenant user of
 * a dedicated instance, everything but administration, without {@code CONFIG GET}: it would read the
 * server's {@code requirepass} and {@code masterauth}). A server whose {@code default} user is on with
 * any rights is refused, with the fix ({@code ACL SETUSER default off}). {@code connection()} and
 * {@code handover()} then give that user's credentials; {@code status()} reads the server's
 * {@code INFO}; a health check pings every registered server and sends {@code CRASHED} when one
 * stops answering and {@code RESTARTED} when it answers again. Stop switches the user off and
 * disconnects its clients; start switches it on; reset empties the server ({@code FLUSHALL}, scripts
 * and functions). Deleting only unregisters: it removes the tenant's user and leaves the server and
 * its data as they are, whatever the {@link Deletion}. A plan's limits are not applied: the server's
 * own settings rule. The admin user needs {@code ACL SETUSER/DELUSER/GETUSER}, {@code CLIENT KILL},
 * {@code INFO}, {@code PING} (and {@code FLUSHALL}, {@code SCRIPT FLUSH}, {@code FUNCTION FLUSH} for
 * reset). A server that speaks TLS is registered with a {@link ServerTls}: the library's connections
 * and the tenant's {@code connection()} then use TLS and verify the server as it says.
 *
 * <h2>Backups</h2>
 * {@code tenant.backups()} works as on dedicated instances, without file access: backups read the
 * server over the replication protocol (the admin user then needs {@code +sync +psync +replconf}; a
 * server that refuses, as managed services do, fails the backup with that reason); a restore keeps the
 * current data aside as such a snapshot, empties the server and copies the backup's keys in through a
 * private scratch {@code redis-server} ({@code MIGRATE … COPY REPLACE AUTH2}; the admin user needs
 * {@code FLUSHALL} and {@code RESTORE}), and copies the data aside back if anything fails. A server
 * registered with TLS is backed up and restored over TLS, verified as its {@link ServerTls} says (the
 * scratch server's {@code MIGRATE} pins the server's own CAs). See the README's "Backups" section.
 */
public final class RegisteredServers implements BackendFactory {
  private final Map<TenantId, Registration> registrations = new LinkedHashMap<>();
  private Duration timeout = Duration.ofSeconds(5);
  private Duration healthInterval = Duration.ofSeconds(5);

  RegisteredServers() {}

  /**
   * Registers the server at {@code host:port} as tenant {@code tenant}, managed through the admin
   * user {@code adminUser} (its password is never logged nor shown). The tenant itself is made with
   * {@code tenancy.create(tenant)}.
   */
  public RegisteredServers register(String tenant, String host, int port, String adminUser, String adminPassword) {
    return register(tenant, host, port, adminUser, adminPassword, null);
  }

  /**
   * Registers a server that speaks TLS on {@code host:port}, verified as {@code tls} says; otherwise as
   * {@link #register(String, String, int, String, String)}.
   */
  public RegisteredServers register(String tenant, String host, int port, String adminUser, String adminPassword,
      ServerTls tls) {
    TenantId id = TenantId.of(Objects.requireNonNull(tenant, "tenant"));
    Endpoint endpoint = tls == null ? Endpoint.tcp(host, port) : Endpoint.tls(host, port);
    SharedServers.checkAdminUser(adminUser);
    Objects.requireNonNull(adminPassword, "adminPassword");
    if (registrations.containsKey(id)) {
      throw new InvalidRequestException("tenant '" + tenant + "' was already registered, to "
          + registrations.get(id).endpoint());
    }
    registrations.put(id, new Registration(endpoint, adminUser, adminPassword, tls));
    return this;
  }

  /** How long one admin command may take; default 5s. */
  public RegisteredServers timeout(Duration timeout) {
    this.timeout = positive("timeout", timeout);
    return this;
  }

  /** How often every registered server is pinged for the health events; default 5s. */
  public RegisteredServers healthInterval(Duration healthInterval) {
    this.healthInterval = positive("healthInterval", healthInterval);
    return this;
  }

  private static Duration positive(String what, Duration value) {
    Objects.requireNonNull(value, what);
    if (value.isNegative() || value.isZero()) {
      throw new InvalidRequestException(what + " " + value + " must be positive");
    }
    return value;
  }

  @Override
  public Backend create(BackendContext context) {
    return RegisteredBackend.open(context, new RegisteredSettings(registrations, timeout, healthInterval));
  }

  @Override
  public String toString() {
    return "RegisteredServers{" + registrations + "}";
  }
}
