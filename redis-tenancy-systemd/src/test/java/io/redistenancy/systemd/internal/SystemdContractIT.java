package io.redistenancy.systemd.internal;

import io.redistenancy.contract.TenancyContract;
import io.redistenancy.spi.BackendFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The contract suite every backend passes, through the public API and the engine (readiness,
 * resize, reconcile), on the systemd backend against a real systemd. Tests that fail for causes
 * outside this backend are skipped with their reason ({@link KnownContractGaps}).
 */
@ExtendWith(KnownContractGaps.class)
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
