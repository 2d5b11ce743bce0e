package io.redistenancy.internal.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.redistenancy.Backends;
import io.redistenancy.spi.Instance;
import io.redistenancy.spi.InstanceState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The engine provisions different tenants in parallel. */
class LocalParallelIT extends LocalBackendTestBase {
  private static final int THREADS = 8;
  /** 10 by default; -Dlocal.parallel.perThread=25 for the engine's full 8 x 25. */
  private static final int PER_THREAD = Integer.getInteger("local.parallel.perThread", 10);

  @Test
  void eightThreadsProvisionTenEachAndAllAnswer() throws Exception {
    TestContext context = new TestContext(root.resolve("par"));
    Map<TestTenant, Instance> provisioned = new ConcurrentHashMap<>();
    List<Long> pids = new ArrayList<>();
    try (LocalBackend backend = TestContext.open(context, Backends.local())) {
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          int thread = t;
          futures.add(pool.submit(() -> {
            for (int i = 0; i < PER_THREAD; i++) {
              TestTenant tenant = TestTenant.create("p" + thread + "-t" + i);
              provisioned.put(tenant, backend.provision(tenant.spec()));
            }
            return null;
          }));
        }
        for (Future<?> f : futures) {
          f.get();
        }
      } finally {
        pool.shutdown();
      }

      assertThat(provisioned).hasSize(THREADS * PER_THREAD);
      HashSet<Path> sockets = new HashSet<>();
      for (Map.Entry<TestTenant, Instance> e : provisioned.entrySet()) {
        Path socket = e.getValue().endpoints().get(0).socket().orElseThrow();
        assertThat(sockets.add(socket)).as("distinct socket %s", socket).isTrue();
        redis.awaitPing(e.getKey(), socket);
        assertThat(backend.state(e.getKey().id())).isEqualTo(InstanceState.RUNNING);
        pids.add(backend.pid(e.getKey().id()));
      }
      assertThat(new HashSet<>(pids)).hasSize(THREADS * PER_THREAD);
      assertThat(backend.discover()).hasSize(THREADS * PER_THREAD);
    }
    // ATTACHED close stops every instance
    assertThat(pids).noneMatch(Processes::running);
  }
}
