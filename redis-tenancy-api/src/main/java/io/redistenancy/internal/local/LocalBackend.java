package io.redistenancy.internal.local;

import io.redistenancy.Backends;
import io.redistenancy.Deletion;
import io.redistenancy.spi.Backend;
import io.redistenancy.spi.BackendContext;
import io.redistenancy.spi.Capability;
import io.redistenancy.spi.DiscoveredInstance;
import io.redistenancy.spi.Instance;
import io.redistenancy.spi.InstanceSpec;
import io.redistenancy.spi.InstanceState;
import io.redistenancy.spi.TenantId;
import java.util.List;
import java.util.Set;

/** One redis-server child process per tenant. (Stub: being written.) */
public final class LocalBackend implements Backend {
  public LocalBackend(BackendContext context, Backends.Local settings) {}

  @Override public String name() { return "local"; }
  @Override public Set<Capability> capabilities() { return Set.of(); }
  @Override public Instance provision(InstanceSpec spec) { throw new UnsupportedOperationException(); }
  @Override public void reconfigure(InstanceSpec spec) { throw new UnsupportedOperationException(); }
  @Override public Instance start(TenantId id) { throw new UnsupportedOperationException(); }
  @Override public void stop(TenantId id) { throw new UnsupportedOperationException(); }
  @Override public String remove(TenantId id, Deletion deletion) { throw new UnsupportedOperationException(); }
  @Override public InstanceState state(TenantId id) { throw new UnsupportedOperationException(); }
  @Override public List<DiscoveredInstance> discover() { throw new UnsupportedOperationException(); }
  @Override public String logTail(TenantId id) { return ""; }
  @Override public void close() {}
}
