package io.redistenancy.systemd.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DaemonReloadTest {
  @Test
  void callersWaitingDuringAReloadShareTheNextOne() throws Exception {
    CountDownLatch firstRunning = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger runs = new AtomicInteger();
    DaemonReload reload = new DaemonReload(() -> {
      if (runs.incrementAndGet() == 1) {
        firstRunning.countDown();
        await(release);
      }
      return null;
    });
    ExecutorService pool = Executors.newFixedThreadPool(11);
    try {
      Future<String> first = pool.submit(reload::await);
      firstRunning.await(5, TimeUnit.SECONDS);
      List<Future<String>> others = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        others.add(pool.submit(reload::await));
      }
      Thread.sleep(100); // all ten queue behind the running reload
      release.countDown();
      assertThat(first.get(5, TimeUnit.SECONDS)).isNull();
      for (Future<String> f : others) {
        assertThat(f.get(5, TimeUnit.SECONDS)).isNull();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(runs.get()).isEqualTo(2);
    assertThat(reload.reloads()).isEqualTo(2);
  }

  @Test
  void aFailureReachesEveryoneItCovered() throws Exception {
    DaemonReload reload = new DaemonReload(() -> "'systemctl daemon-reload' failed (exit 1)");
    assertThat(reload.await()).isEqualTo("'systemctl daemon-reload' failed (exit 1)");
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
