package io.redistenancy.spi;

import io.redistenancy.Endpoint;
import java.util.List;
import java.util.Objects;

/**
 * A started instance: where clients reach it, preferred endpoint first.
 *
 * @param id the tenant
 * @param endpoints at least one
 * @param keyPrefix the prefix the tenant's keys and channels must carry on a shared server, or empty
 *     for a dedicated instance
 */
public record Instance(TenantId id, List<Endpoint> endpoints, String keyPrefix) {
  /** A dedicated instance: no key prefix. */
  public Instance(TenantId id, List<Endpoint> endpoints) {
    this(id, endpoints, "");
  }

  public Instance {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(keyPrefix, "keyPrefix");
    endpoints = List.copyOf(endpoints);
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("an instance has at least one endpoint");
    }
  }
}
