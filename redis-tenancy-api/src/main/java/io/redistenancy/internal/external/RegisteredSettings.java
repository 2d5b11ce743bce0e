package io.redistenancy.internal.external;

import io.redistenancy.Endpoint;
import io.redistenancy.InvalidRequestException;
import io.redistenancy.ServerTls;
import io.redistenancy.spi.TenantId;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link io.redistenancy.RegisteredServers} was set to, handed to the backend when it is created:
 * the settings builder itself exposes none of it (the admin passwords least of all).
 *
 * @param registrations the servers registered, by tenant
 * @param timeout how long one admin command may take
 * @param healthInterval how often every registered server is pinged
 */
public record RegisteredSettings(Map<TenantId, Registration> registrations, Duration timeout, Duration healthInterval) {
  public RegisteredSettings {
    registrations = Map.copyOf(registrations);
  }

  /** The server registered as {@code tenant}, if any. */
  public Optional<Registration> registration(TenantId tenant) {
    return Optional.ofNullable(registrations.get(tenant));
  }

  /**
   * One registered server.
   *
   * @param endpoint where it is reached
   * @param adminUser the user the library manages it with
   * @param adminPassword that user's password; never shown by {@link #toString()}
   * @param tls how a TLS server is verified; null for a plaintext one
   */
  public record Registration(Endpoint endpoint, String adminUser, String adminPassword, ServerTls tls) {
    public Registration {
      Objects.requireNonNull(endpoint, "endpoint");
      Objects.requireNonNull(adminUser, "adminUser");
      Objects.requireNonNull(adminPassword, "adminPassword");
      if (endpoint.isTls() != (tls != null)) {
        throw new InvalidRequestException("endpoint " + endpoint + (tls == null ? " speaks TLS and needs a ServerTls"
            : " is plaintext; a ServerTls needs a TLS endpoint"));
      }
    }

    /** A plaintext server. */
    public Registration(Endpoint endpoint, String adminUser, String adminPassword) {
      this(endpoint, adminUser, adminPassword, null);
    }

    @Override
    public String toString() {
      return endpoint + " as " + adminUser + ", password ****" + (tls == null ? "" : ", " + tls);
    }
  }
}
