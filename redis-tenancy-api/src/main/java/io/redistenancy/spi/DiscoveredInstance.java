package io.redistenancy.spi;

import java.util.Objects;

/**
 * An instance this home owns, as the backend really finds it (pid files, container labels, units).
 *
 * @param id the tenant it belongs to
 * @param state what the backend sees
 * @param specHash {@link InstanceSpec#hash()} of the spec it was made from, or empty if unknown
 */
public record DiscoveredInstance(TenantId id, InstanceState state, String specHash) {
  public DiscoveredInstance {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(specHash, "specHash");
  }
}
