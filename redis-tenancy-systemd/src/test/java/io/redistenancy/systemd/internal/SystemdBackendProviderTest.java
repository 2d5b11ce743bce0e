package io.redistenancy.systemd.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redistenancy.InvalidRequestException;
import io.redistenancy.spi.BackendProvider;
import io.redistenancy.systemd.SettingsAccess;
import io.redistenancy.systemd.SystemdBackends;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemdBackendProviderTest {
  @TempDir Path root;

  @Test
  void isFoundByServiceLoader() {
    assertThat(ServiceLoader.load(BackendProvider.class).stream().map(ServiceLoader.Provider::get)
        .map(BackendProvider::name)).contains("systemd");
  }

  @Test
  void saysWhyItCannotWork() throws Exception {
    assertThat(SystemdBackendProvider.reason(root, "/usr/bin:/bin", "root"))
        .contains("no systemctl on PATH: install systemd, or use another backend");

    Path bin = Files.createDirectories(root.resolve("usr/bin"));
    Files.createFile(bin.resolve("systemctl"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    assertThat(SystemdBackendProvider.reason(root, "/usr/bin", "root")).get().asString()
        .startsWith("systemd is not PID 1 on this machine");

    Files.createDirectories(root.resolve("run/systemd/system"));
    Files.createDirectories(root.resolve("proc/1"));
    Files.writeString(root.resolve("proc/1/comm"), "systemd\n");
    assertThat(SystemdBackendProvider.reason(root, "/usr/bin", "app")).get().asString()
        .isEqualTo("the JVM runs as 'app', not root: creating units and system users needs root");
    assertThat(SystemdBackendProvider.reason(root, "/usr/bin", "root")).isEmpty();
  }

  @Test
  void settingsSayWhichValueIsWrong() {
    assertThatThrownBy(() -> SystemdBackends.systemd().unitName("Redis@"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("unitName 'Redis@' is invalid; use 2-32 characters of a-z 0-9 -, starting with a letter");
    assertThatThrownBy(() -> SystemdBackends.systemd().configRoot(Path.of("/etc/redis tenancy")))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("configRoot '/etc/redis tenancy' is invalid; use an absolute path of letters, digits and . _ - only");
    assertThatThrownBy(() -> SystemdBackends.systemd().clientGroup("www data"))
        .hasMessage("clientGroup 'www data' is not a valid group name (a-z 0-9 _ -, at most 32)");
    assertThatThrownBy(() -> SystemdBackends.systemd().tasksMax(2))
        .hasMessage("tasksMax 2 is out of range; allowed 16 to 4096");
    assertThatThrownBy(() -> SystemdBackends.systemd().commandRunner(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void tcpPortsAreOffByDefaultAndCheckedWithTheRangeNamed() {
    SystemdBackends.Systemd settings = SystemdBackends.systemd();
    assertThat(SettingsAccess.of(settings).firstPort()).isZero();
    assertThat(SettingsAccess.of(settings).lastPort()).isZero();
    int[][] invalid = {{80, 90}, {1023, 2000}, {50000, 65536}, {20010, 20000}, {-1, 2000}};
    for (int[] range : invalid) {
      assertThatThrownBy(() -> settings.tcpPorts(range[0], range[1]))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessage("TCP port range " + range[0] + ".." + range[1] + " is invalid; use first <= last within 1024..65535");
    }
    assertThat(SettingsAccess.of(settings).firstPort()).as("a refused range changes nothing").isZero();

    settings.tcpPorts(1024, 65535);
    assertThat(SettingsAccess.of(settings).firstPort()).isEqualTo(1024);
    assertThat(SettingsAccess.of(settings).lastPort()).isEqualTo(65535);
    settings.tcpPorts(46400, 46400);
    assertThat(SettingsAccess.of(settings).firstPort()).isEqualTo(46400);
    assertThat(SettingsAccess.of(settings).lastPort()).isEqualTo(46400);
  }
}
