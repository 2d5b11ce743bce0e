package io.redistenancy.benchmarks.provision;

import io.redistenancy.Deletion;
import io.redistenancy.RedisTenancy;
import io.redistenancy.Tenant;

/**
 * The product: {@code tenancy.create(name).apply()} on the local backend, which returns only once the
 * tenant answers an authenticated PING on its own socket; the tenant is then deleted (PURGE).
 */
final class TenancyCreate implements Contender {
  private final RedisTenancy tenancy;
  private int counter;

  TenancyCreate(RedisTenancy tenancy) {
    this.tenancy = tenancy;
  }

  @Override
  public String name() {
    return "redis-tenancy";
  }

  @Override
  public String measures() {
    return "tenancy.create(name).apply() on Backends.local(), default plan (blocks until an authenticated PING answers)";
  }

  @Override
  public long startToPingNanos() {
    String name = "lat-" + counter++;
    long start = System.nanoTime();
    Tenant tenant = tenancy.create(name).apply();
    long elapsed = System.nanoTime() - start;
    tenant.delete(Deletion.PURGE);
    return elapsed;
  }

  /** The tenancy is the benchmark's, closed by it. */
  @Override
  public void close() {}
}
