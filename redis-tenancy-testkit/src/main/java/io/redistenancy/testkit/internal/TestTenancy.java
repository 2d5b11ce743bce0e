package io.redistenancy.testkit.internal;

import io.redistenancy.internal.PrivateFiles;
import io.redistenancy.Deletion;
import io.redistenancy.RedisTenancy;
import io.redistenancy.Tenant;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link RedisTenancy} of one test's own, in a fresh home, for tests of code that provisions tenants.
 * After the test {@link #leaks()} closes it, opens the home again and lists the tenants still there:
 * each is one the test created and did not delete. They are deleted either way.
 */
final class TestTenancy implements ExtensionContext.Store.CloseableResource {
  private final ResolvedBackend backend;
  private final Path home;
  private final RedisTenancy tenancy;
  private boolean done;

  TestTenancy(Testkit testkit, ResolvedBackend backend) {
    this.backend = backend;
    this.home = testkit.newHome("u", backend);
    this.tenancy = RedisTenancy.builder().home(home).backend(backend.factory()).plans(backend.catalog())
        .readyTimeout(testkit.timeout()).build();
  }

  RedisTenancy tenancy() {
    return tenancy;
  }

  /** Closes the tenancy and deletes what it left; returns the names of the tenants that were left. */
  synchronized List<String> leaks() {
    if (done) {
      return List.of();
    }
    done = true;
    tenancy.close();
    List<String> left = new ArrayList<>();
    try (RedisTenancy again = RedisTenancy.builder().home(home).backend(backend.factory())
        .reconcileOnOpen(false).build()) {
      for (Tenant tenant : again.tenants()) {
        left.add(tenant.name());
        try {
          tenant.delete(Deletion.PURGE);
        } catch (RuntimeException e) {
          // reported by name anyway; the sweep of the directory removes the rest
        }
      }
    }
    PrivateFiles.deleteRecursively(home);
    return left;
  }

  @Override
  public void close() {
    leaks();
  }
}
