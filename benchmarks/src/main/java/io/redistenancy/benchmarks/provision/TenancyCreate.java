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
  private final String name;
  private final String measures;
  private int counter;

  TenancyCreate(RedisTenancy tenancy, String name, String measures) {
    this.tenancy = tenancy;
    this.name = name;
    this.measures = measures;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String measures() {
    return measures;
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
