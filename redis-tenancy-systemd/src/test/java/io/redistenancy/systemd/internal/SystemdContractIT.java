package io.redistenancy.systemd.internal;

import io.redistenancy.contract.TenancyContract;
import io.redistenancy.spi.BackendFactory;

/**
 * The contract suite every backend passes, through the public API and the engine (readiness,
 * resize, reconcile), on the systemd backend against a real systemd.
 */
class SystemdContractIT extends TenancyContract {
  @Override
  protected BackendFactory backend() {
    return SystemdLab.settings();
  }

  @Override
  protected int parallelThreads() {
    return 4;
  }

  @Override
  protected int tenantsPerThread() {
    return 5;
  }
}
