package io.redistenancy.internal.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.redistenancy.MemorySize;
import io.redistenancy.TenantState;
import io.redistenancy.TenantStatus;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InfoParserTest {
  private static final String INFO = String.join("\r\n",
      "# Server", "redis_version:7.0.15", "uptime_in_seconds:42", "",
      "# Clients", "connected_clients:3", "",
      "# Memory", "used_memory:1048576", "used_memory_peak:2097152", "maxmemory:16777216", "",
      "# Persistence", "rdb_saves:2", "rdb_last_save_time:1700000000", "",
      "# Stats", "instantaneous_ops_per_sec:17", "keyspace_hits:3", "keyspace_misses:1", "evicted_keys:5", "",
      "# Keyspace", "db0:keys=10,expires=1,avg_ttl=0", "db3:keys=5,expires=0,avg_ttl=0", "");

  @Test
  void readsEveryFigure() {
    TenantStatus s = InfoParser.parse("acme", INFO);
    assertThat(s.tenant()).isEqualTo("acme");
    assertThat(s.state()).isEqualTo(TenantState.RUNNING);
    assertThat(s.uptime()).isEqualTo(Duration.ofSeconds(42));
    assertThat(s.usedMemory()).isEqualTo(MemorySize.ofMegabytes(1));
    assertThat(s.peakMemory()).isEqualTo(MemorySize.ofMegabytes(2));
    assertThat(s.maxMemory()).isEqualTo(MemorySize.ofMegabytes(16));
    assertThat(s.keys()).isEqualTo(15);
    assertThat(s.opsPerSecond()).isEqualTo(17);
    assertThat(s.hitRate()).isEqualTo(0.75);
    assertThat(s.clients()).isEqualTo(3);
    assertThat(s.evictedKeys()).isEqualTo(5);
    assertThat(s.lastSave()).contains(Instant.ofEpochSecond(1_700_000_000));
    assertThat(s.serverVersion()).isEqualTo("7.0.15");
  }

  @Test
  void noSaveAndNoLookupsYet() {
    TenantStatus s = InfoParser.parse("acme", "rdb_saves:0\r\nrdb_last_save_time:1700000000\r\n");
    assertThat(s.lastSave()).isEmpty();
    assertThat(s.hitRate()).isZero();
    assertThat(s.keys()).isZero();
    assertThat(s.serverVersion()).isEmpty();
  }
}
