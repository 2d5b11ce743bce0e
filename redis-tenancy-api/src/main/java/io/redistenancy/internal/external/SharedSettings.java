package io.redistenancy.internal.external;

import io.redistenancy.Endpoint;
import io.redistenancy.ServerTls;
import io.redistenancy.SharedServers.Placement;
import io.redistenancy.SharedServers.Risk;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What {@link io.redistenancy.SharedServers} was set to, handed to the backend when it is created: the
 * settings builder itself exposes none of it (its admin password least of all).
 *
 * @param servers the servers added, in order
 * @param tlsByServer how each TLS server is verified
 * @param adminUser the backend's own user on the servers
 * @param adminPassword its password; never logged, never shown by {@link #toString()}
 */
public record SharedSettings(List<Endpoint> servers, Map<Endpoint, ServerTls> tlsByServer, String adminUser,
    String adminPassword, Placement placement, Duration timeout, int memorySamples, Duration quotaCheckInterval,
    Set<Risk> acceptedRisks) {
  public SharedSettings {
    servers = List.copyOf(servers);
    tlsByServer = Map.copyOf(tlsByServer);
    acceptedRisks = Set.copyOf(acceptedRisks);
  }

  /** How {@code server} is verified; empty for a plaintext one. */
  public Optional<ServerTls> tls(Endpoint server) {
    return Optional.ofNullable(tlsByServer.get(server));
  }

  @Override
  public String toString() {
    return "SharedSettings{" + servers + ", admin " + adminUser + ", password ****}";
  }
}
