package io.redistenancy.docker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.redistenancy.MemorySize;
import io.redistenancy.spi.TenantId;
import org.junit.jupiter.api.Test;

class NamesTest {
  @Test
  void containerNamesJoinOwnerAndTenant() {
    assertThat(Names.containerName("a1b2c3", TenantId.of("acme"))).isEqualTo("redis-tenancy-a1b2c3-acme");
    assertThat(Names.containerName("8c4f2a9e-33b1-4e0f-9d7a-1f2e3d4c5b6a", TenantId.of("acme")))
        .isEqualTo("redis-tenancy-8c4f2a9e-33b1-4e0f-9d7a-1f2e3d4c5b6a-acme");
  }

  @Test
  void unsafeOrLongOwnerIdsAreHashed() {
    String name = Names.containerName("owner with spaces/and slashes", TenantId.of("acme"));
    assertThat(name).matches("redis-tenancy-[0-9a-f]{16}-acme");
    assertThat(Names.containerName("x".repeat(41), TenantId.of("acme"))).matches("redis-tenancy-[0-9a-f]{16}-acme");
    assertThat(Names.ownerPart("owner with spaces/and slashes")).isEqualTo(Names.ownerPart("owner with spaces/and slashes"));
  }

  @Test
  void labelsMarkOwnerTenantAndSpec() {
    assertThat(Names.labels("o1", TenantId.of("acme"), "abc")).containsEntry("io.redistenancy.owner", "o1")
        .containsEntry("io.redistenancy.tenant", "acme").containsEntry("io.redistenancy.spec-hash", "abc")
        .containsEntry("io.redistenancy.backend", "docker");
    assertThat(Names.labels("o1", TenantId.of("acme"), null)).doesNotContainKey("io.redistenancy.spec-hash");
  }

  @Test
  void containerMemoryIsMaxmemoryPlusHeadroomForTheSaveFork() {
    assertThat(Names.containerMemory(MemorySize.ofMegabytes(1))).isEqualTo(65L << 20);
    assertThat(Names.containerMemory(MemorySize.ofMegabytes(64))).isEqualTo(128L << 20);
    assertThat(Names.containerMemory(MemorySize.ofMegabytes(128))).isEqualTo(192L << 20);
    assertThat(Names.containerMemory(MemorySize.ofMegabytes(256))).isEqualTo(384L << 20);
    assertThat(Names.containerMemory(MemorySize.ofGigabytes(2))).isEqualTo(3L << 30);
    assertThat(Names.containerMemory(MemorySize.ofBytes(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
  }
}
