package io.redistenancy.systemd.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.redistenancy.Access;
import io.redistenancy.ClientAuth;
import io.redistenancy.MemorySize;
import io.redistenancy.Persistence;
import io.redistenancy.Plan;
import io.redistenancy.spi.AclUser;
import io.redistenancy.spi.InstanceSpec;
import io.redistenancy.spi.TenantId;
import io.redistenancy.spi.TlsMaterial;
import io.redistenancy.systemd.SettingsAccess;
import io.redistenancy.systemd.SystemdBackends;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnitFilesTest {
  private final SystemdSettings settings = SettingsAccess.of(SystemdBackends.systemd());
  private final InstanceNames names = new InstanceNames(settings, "0123456789ab");
  private final UnitFiles files = new UnitFiles(settings, names);

  @Test
  void templateIsANotifyUnitUnderTheStrictSandboxUsingRawInstanceNames() {
    String template = files.template();
    assertThat(template)
        .contains("Type=notify\n", "--supervised systemd", "Restart=on-failure\n",
            "ExecStart=/usr/bin/redis-server /etc/redis-tenancy/%i.conf --supervised systemd\n",
            "ProtectSystem=strict\n", "ReadWritePaths=/var/lib/redis-tenant/%i /run/redis-tenant/%i\n",
            "ProtectHome=yes\n", "PrivateTmp=yes\n", "PrivateDevices=yes\n", "NoNewPrivileges=yes\n",
            "CapabilityBoundingSet=\n", "RestrictAddressFamilies=AF_UNIX\n", "MemoryDenyWriteExecute=yes\n",
            "SystemCallFilter=@system-service\n", "UMask=0077\n", "StateDirectoryMode=0700\n",
            "RuntimeDirectory=redis-tenant/%i\n", "DynamicUser=yes\n")
        .doesNotContain("%I");
  }

  @Test
  void dropInCarriesTheMarkTheUserAndThePlansLimits() {
    Plan plan = Plan.builder("premium").maxMemory(MemorySize.ofMegabytes(100)).persistence(Persistence.RDB).build();
    InstanceSpec spec = spec("acme", plan);
    String dropIn = files.dropIn(spec, false);
    String user = names.user(TenantId.of("acme"));
    long max = MemorySize.ofMegabytes(100 + 32 + 50).toBytes();

    assertThat(dropIn.lines().findFirst().orElseThrow())
        .isEqualTo("# redis-tenancy owner=0123456789ab tenant=acme spec=" + spec.hash());
    assertThat(dropIn).contains("DynamicUser=no\n", "User=" + user + "\n", "Group=" + user + "\n", "MemoryMax=" + max + "\n",
        "MemoryHigh=" + MemorySize.ofMegabytes(163).toBytes() + "\n", "MemorySwapMax=0\n", "TasksMax=64\n", "CPUQuota=100%\n",
        "LimitNOFILE=1064\n").doesNotContain("ExecStartPost", "PrivateNetwork", "RestrictAddressFamilies", "IPAddress");
    assertThat(UnitFiles.parseMark(dropIn.lines().findFirst().orElseThrow()))
        .contains(new UnitFiles.Mark("0123456789ab", "acme", spec.hash(), false, 0, Access.PLAIN));
  }

  @Test
  void aDropInWithATcpPortOpensLoopbackOnlyAndRecordsThatItHasOneAndItsAccess() {
    InstanceSpec spec = spec("acme", Plan.builder("tls").access(Access.TLS_ONLY).build());
    String dropIn = files.dropIn(spec, true);

    assertThat(dropIn.lines().findFirst().orElseThrow()).isEqualTo(
        "# redis-tenancy owner=0123456789ab tenant=acme spec=" + spec.hash() + " tcp access=TLS_ONLY");
    assertThat(UnitFiles.parseMark(dropIn.lines().findFirst().orElseThrow()))
        .contains(new UnitFiles.Mark("0123456789ab", "acme", spec.hash(), true, 0, Access.TLS_ONLY));
    // a drop-in written before ports were given at run time named the port in its mark
    assertThat(UnitFiles.parseMark("# redis-tenancy owner=o1 tenant=acme spec=ab port=46400 access=DUAL"))
        .contains(new UnitFiles.Mark("o1", "acme", "ab", true, 46400, Access.DUAL));
    assertThat(UnitFiles.parsePortFile(UnitFiles.portFile(Access.DUAL, 46401))).isEqualTo(46401);
    assertThat(UnitFiles.portFile(Access.DUAL, 46401)).contains("\ntls-port 46401\n");
    assertThat(UnitFiles.parsePortFile(UnitFiles.portFile(Access.PLAIN, 0))).isZero();
    // the list is reset first: a drop-in's RestrictAddressFamilies= would otherwise be merged
    assertThat(dropIn).contains("PrivateNetwork=no\nRestrictAddressFamilies=\nRestrictAddressFamilies=AF_UNIX AF_INET AF_INET6\n"
        + "IPAddressAllow=localhost\n").doesNotContain("IPAddressDeny");
    assertThat(files.template()).as("every other instance keeps the closed sandbox")
        .contains("PrivateNetwork=yes\n", "IPAddressDeny=any\n", "RestrictAddressFamilies=AF_UNIX\n");
  }

  @Test
  void memoryOnlyPlansGetNoForkHeadroom() {
    Plan plan = Plan.builder("cache").maxMemory(MemorySize.ofMegabytes(64)).persistence(Persistence.NONE).build();
    assertThat(files.limits(plan).memoryMax()).isEqualTo(MemorySize.ofMegabytes(96));
  }

  @Test
  void clientGroupGetsTheSocketAfterStart() {
    SystemdSettings withGroup = SettingsAccess.of(SystemdBackends.systemd().clientGroup("www-data"));
    String dropIn = new UnitFiles(withGroup, new InstanceNames(withGroup, "x")).dropIn(spec("acme", Plan.DEFAULT), false);
    assertThat(dropIn).contains(
        "ExecStartPost=+/bin/chgrp -h www-data /run/redis-tenant/%i /run/redis-tenant/%i/redis.sock\n");
  }

  @Test
  void marksOfOtherFilesAreNotRead() {
    assertThat(UnitFiles.parseMark("# redis-tenancy owner=a b tenant=acme spec=00")).isEmpty();
    assertThat(UnitFiles.parseMark("[Service]")).isEmpty();
  }

  /** A spec of {@code plan}, with stand-in TLS material where its access uses TLS. */
  static InstanceSpec spec(String tenant, Plan plan) {
    TlsMaterial tls = plan.access().usesTls()
        ? new TlsMaterial(plan.access(), ClientAuth.NONE, "ca", "certificate", "key") : null;
    return new InstanceSpec(TenantId.of(tenant), plan, List.of(
        new AclUser(AclUser.ADMIN_NAME, AclUser.Role.ADMIN, List.of("a".repeat(64))),
        new AclUser(tenant, AclUser.Role.TENANT, List.of("b".repeat(64)))), tls);
  }
}
