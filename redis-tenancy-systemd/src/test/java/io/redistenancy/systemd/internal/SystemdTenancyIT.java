package io.redistenancy.systemd.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.redistenancy.Deletion;
import io.redistenancy.MemorySize;
import io.redistenancy.Persistence;
import io.redistenancy.RedisTenancy;
import io.redistenancy.TenancyEvent;
import io.redistenancy.Tenant;
import io.redistenancy.TenantState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The systemd backend behind the public API, against the lab's real systemd. */
class SystemdTenancyIT {
  @TempDir
  Path tmp;

  /**
   * A tenant's own Lua script grows the Lua heap, which {@code maxmemory} does not bound, past the
   * unit's MemoryMax: the kernel kills redis-server, systemd restarts it, and the tenant reports both
   * to the tenancy's listener and answers again.
   */
  @Test
  void aTenantPushedPastMemoryMaxIsKilledRestartedAndReportsIt() throws InterruptedException {
    List<TenancyEvent> events = new CopyOnWriteArrayList<>();
    try (RedisTenancy tenancy = RedisTenancy.builder().home(tmp.resolve("home")).backend(SystemdLab.settings())
        .listener(events::add).build()) {
      Tenant hog = tenancy.create("hog").maxMemory(MemorySize.ofMegabytes(8)).persistence(Persistence.NONE).apply();
      try {
        pushPastMemoryMax(hog, events);
      } finally {
        hog.delete(Deletion.PURGE); // a unit, user and files in the shared lab otherwise
      }
    }
  }

  private static void pushPastMemoryMax(Tenant hog, List<TenancyEvent> events) throws InterruptedException {
    assertThat(hog.status().state()).isEqualTo(TenantState.RUNNING);

    // a client that never reconnects: Lettuce's default would replay the script on the restarted process
    RedisClient client = RedisClient.create(hog.connection().redisUri());
    client.setOptions(ClientOptions.builder().autoReconnect(false)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).build());
    try (var conn = client.connect()) {
      conn.sync().eval("local t = {} for i = 1, 20000000 do t[i] = string.rep('x', 64) .. i end return #t",
          ScriptOutputType.INTEGER);
      throw new AssertionError("the script finished: nothing stopped a tenant using gigabytes");
    } catch (RuntimeException expected) {
      // the connection dies with the process
    } finally {
      client.shutdown();
    }

    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (events.stream().noneMatch(e -> e.type() == TenancyEvent.Type.RESTARTED) && System.nanoTime() < deadline) {
      hog.status(); // status reads the unit: restarts systemd made are reported then
      Thread.sleep(200);
    }
    List<String> reported = events.stream().filter(e -> e.tenant().equals("hog"))
        .map(e -> e.type() + ": " + e.detail()).toList();
    assertThat(reported).as(reported.toString())
        .anySatisfy(e -> assertThat(e).startsWith("CRASHED").containsAnyOf("status=9/KILL", "oom-kill"))
        .anySatisfy(e -> assertThat(e).startsWith("RESTARTED").contains("systemd restarted it"));
    assertThat(hog.status().state()).isEqualTo(TenantState.RUNNING);
    try (var conn = hog.connect()) {
      assertThat(conn.sync().ping()).isEqualTo("PONG");
    }
  }
}
