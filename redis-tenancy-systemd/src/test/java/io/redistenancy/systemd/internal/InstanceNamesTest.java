package io.redistenancy.systemd.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.redistenancy.spi.TenantId;
import io.redistenancy.systemd.SettingsAccess;
import io.redistenancy.systemd.SystemdBackends;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class InstanceNamesTest {
  private final InstanceNames names = new InstanceNames(SettingsAccess.of(SystemdBackends.systemd()), "0123456789ab");
  private final String tag = InstanceNames.sha256Hex("0123456789ab").substring(0, 8);

  @Test
  void everyNameCarriesTheOwnersTag() {
    TenantId acme = TenantId.of("acme");
    assertThat(names.instance(acme)).isEqualTo(tag + "-acme");
    assertThat(names.unit(acme)).isEqualTo("redis-tenant@" + tag + "-acme.service");
    assertThat(names.user(acme)).isEqualTo("rt" + tag + "-acme");
    assertThat(names.configFile(acme)).isEqualTo(Path.of("/etc/redis-tenancy/" + tag + "-acme.conf"));
    assertThat(names.dropIn(acme)).isEqualTo(
        Path.of("/etc/systemd/system/redis-tenant@" + tag + "-acme.service.d/50-redis-tenancy.conf"));
    assertThat(names.socket(acme)).isEqualTo(Path.of("/run/redis-tenant/" + tag + "-acme/redis.sock"));
    assertThat(names.tenantOf(tag + "-acme")).contains(acme);
    assertThat(names.tenantOf("ffffffff-acme")).isEmpty();
  }

  @Test
  void longTenantNamesGiveUsersOfAtMost32DistinctCharacters() {
    TenantId a = TenantId.of("a-very-long-tenant-name-of-32-aa");
    TenantId b = TenantId.of("a-very-long-tenant-name-of-32-bb");
    assertThat(names.user(a)).hasSize(32).startsWith("rt" + tag + "-a-very-long").isNotEqualTo(names.user(b));
    assertThat(names.socket(a).toString().length()).isLessThan(108);
  }

  @Test
  void clientsMaySeeTheSocketsElsewhere() {
    InstanceNames mapped = new InstanceNames(SettingsAccess.of(SystemdBackends.systemd()
        .clientSocketDirectory(Path.of("/srv/sockets"))), "o");
    TenantId acme = TenantId.of("acme");
    assertThat(mapped.clientSocket(acme)).isEqualTo(Path.of("/srv/sockets/" + mapped.instance(acme) + "/redis.sock"));
    assertThat(mapped.socket(acme)).isEqualTo(Path.of("/run/redis-tenant/" + mapped.instance(acme) + "/redis.sock"));
  }
}
