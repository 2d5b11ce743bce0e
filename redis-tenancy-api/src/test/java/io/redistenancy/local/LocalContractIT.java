package io.redistenancy.local;

import io.redistenancy.Backends;
import io.redistenancy.contract.TenancyContract;
import io.redistenancy.spi.BackendFactory;

/** The contract suite on the local backend (the embedded default). */
class LocalContractIT extends TenancyContract {
  @Override
  protected BackendFactory backend() {
    return Backends.local();
  }
}
