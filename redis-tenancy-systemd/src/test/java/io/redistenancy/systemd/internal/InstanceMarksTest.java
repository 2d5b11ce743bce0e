package io.redistenancy.systemd.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.redistenancy.Access;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InstanceMarksTest {
  @Test
  void listeningPortsAreReadFromProcNetTcpOfBothFamilies() {
    String proc = String.join("\n",
        "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
        "   0: 0100007F:B540 00000000:0000 0A 00000000:00000000 00:00000000 00000000   999        0 1 1",
        "   1: 0100007F:B541 0100007F:9C40 01 00000000:00000000 00:00000000 00000000   999        0 2 1",
        "  sl  local_address                         remote_address                        st tx_queue",
        "   0: 00000000000000000000000001000000:1A85 00000000000000000000000000000000:0000 0A 00000000:00000000",
        "");
    // 0xB541 is an established connection's port, not a listener
    assertThat(InstanceMarks.listeningPorts(proc)).containsExactlyInAnyOrder(0xB540, 0x1A85);
  }

  @Test
  void marksAreReadPerDropInAndOtherLinesIgnored() {
    String listing = "/etc/systemd/system/redis-tenant@a1-acme.service.d/50-redis-tenancy.conf\t"
        + "# redis-tenancy owner=o1 tenant=acme spec=ab port=46400 access=DUAL\n"
        + "/etc/systemd/system/redis-tenant@a1-beta.service.d/50-redis-tenancy.conf\t"
        + "# redis-tenancy owner=o1 tenant=beta spec=cd\n"
        + "/etc/systemd/system/redis-tenant@a1-gamma.service.d/50-redis-tenancy.conf\t"
        + "# redis-tenancy owner=o1 tenant=gamma spec=ef tcp access=PLAIN\tport 46401\n"
        + "/etc/systemd/system/redis-tenant@x.service.d/50-redis-tenancy.conf\t[Service]\n"
        + "   0: 0100007F:B540 00000000:0000 0A 00000000:00000000\n";
    assertThat(InstanceMarks.marks(listing)).containsExactly(
        Map.entry(Path.of("/etc/systemd/system/redis-tenant@a1-acme.service.d/50-redis-tenancy.conf"),
            new UnitFiles.Mark("o1", "acme", "ab", true, 46400, Access.DUAL)),
        Map.entry(Path.of("/etc/systemd/system/redis-tenant@a1-beta.service.d/50-redis-tenancy.conf"),
            new UnitFiles.Mark("o1", "beta", "cd", false, 0, Access.PLAIN)),
        Map.entry(Path.of("/etc/systemd/system/redis-tenant@a1-gamma.service.d/50-redis-tenancy.conf"),
            new UnitFiles.Mark("o1", "gamma", "ef", true, 46401, Access.PLAIN)));
  }
}
