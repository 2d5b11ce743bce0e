package io.redistenancy.spi;

import io.redistenancy.Endpoint;
import java.util.List;
import java.util.Objects;

/**
 * A started instance: where clients reach it, preferred endpoint first.
 *
 * @param id the tenant
 * @param endpoints at least one
 */
public record Instance(TenantId id, List<Endpoint> endpoints) {
  public Instance {
    Objects.requireNonNull(id, "id");
    endpoints = List.copyOf(endpoints);
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("an instance has at least one endpoint");
    }
  }
}
