package io.redistenancy.internal.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redistenancy.InvalidRequestException;
import io.redistenancy.ProvisioningFailedException;
import io.redistenancy.internal.PortAllocator;
import io.redistenancy.internal.redis.RedisBinary;
import io.redistenancy.spi.TenantId;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backend's small parts, without redis-server. */
class LocalPiecesTest {
  @TempDir
  Path dir;

  @Test
  void aProcessRecordRoundTripsAt0600() throws IOException {
    Path file = dir.resolve("instance.properties");
    ProcessRecord record = new ProcessRecord(4242, 1_700_000_000_123L, "owner1", "abcdef0123456789", 6390);
    record.write(file);
    assertThat(ProcessRecord.read(file)).contains(record);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(ProcessRecord.read(dir.resolve("absent"))).isEmpty();
    Files.writeString(file, "pid=not-a-number\n");
    assertThat(ProcessRecord.read(file)).as("a damaged record names no process").isEmpty();
  }

  @Test
  void aLiveProcessThatIsNotRedisIsNeverTheRecordedOne() {
    ProcessHandle self = ProcessHandle.current();
    ProcessRecord record = ProcessRecord.stopped("o", "h", 0).running(self);
    RedisBinary binary = new RedisBinary(Path.of("/usr/bin/redis-server"), "7.0.15");
    assertThat(record.pid()).isEqualTo(self.pid());
    assertThat(record.liveProcess(binary)).as("the JVM is alive with the right start time, but not redis").isEmpty();
    assertThat(record.withoutProcess().liveProcess(binary)).isEmpty();
  }

  @Test
  void crashesBackOffAndAStableRunStartsANewCount() {
    CrashPolicy policy = new CrashPolicy(2);
    policy.started(0);
    assertThat(policy.crashed(10)).isEqualTo(1);
    assertThat(policy.backoffMillis()).isEqualTo(100);
    policy.started(200);
    assertThat(policy.crashed(300)).isEqualTo(2);
    assertThat(policy.backoffMillis()).isEqualTo(200);
    policy.started(600);
    assertThat(policy.crashed(700)).isEqualTo(3);
    assertThat(policy.givesUp()).isTrue();
    policy.reset();
    policy.started(1_000);
    assertThat(policy.crashed(1_000 + CrashPolicy.STABLE_AFTER_MILLIS)).as("ran stably: a new count").isEqualTo(1);
    CrashPolicy many = new CrashPolicy(100);
    for (int i = 0; i < 50; i++) {
      many.crashed(0);
    }
    assertThat(many.backoffMillis()).isEqualTo(CrashPolicy.MAX_BACKOFF_MILLIS);
  }

  @Test
  void theLogTailIsTheLastTwentyLines() throws IOException {
    Path log = dir.resolve("redis.log");
    assertThat(LogFile.tail(log)).isEmpty();
    LogFile.prepare(log);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log))).isEqualTo("rw-------");
    Files.writeString(log, IntStream.rangeClosed(1, 5000).mapToObj(i -> "line " + i).collect(Collectors.joining("\n")) + "\n");
    String tail = LogFile.tail(log);
    assertThat(tail.lines()).hasSize(20).startsWith("line 4981").endsWith("line 5000");
  }

  @Test
  void portsAreReservedPerTenantAndBusyOnesSkipped() throws IOException {
    try (ServerSocket busy = new ServerSocket()) {
      busy.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
      int taken = busy.getLocalPort();
      PortAllocator ports = PortAllocator.bindableHere(taken, taken + 2, "Backends.local()");
      int a = ports.reserve("a", 0, Set.of());
      int b = ports.reserve("b", 0, Set.of());
      assertThat(a).isNotEqualTo(taken);
      assertThat(b).isNotIn(taken, a);
      assertThat(ports.reserve("a", a, Set.of())).as("a tenant keeps its port").isEqualTo(a);
      assertThat(ports.reserve("c", a, Set.of())).as("nobody takes another tenant's port").isNotEqualTo(a);
    } catch (ProvisioningFailedException e) {
      // the range ran out because other programs hold the neighbouring ports: nothing to learn here
    }
    PortAllocator none = PortAllocator.bindableHere(0, 0, "Backends.local()");
    assertThat(none.enabled()).isFalse();
    assertThat(none.reserve("a", 0, Set.of())).isZero();
  }

  @Test
  void anExhaustedRangeSaysHowToWidenIt() throws IOException {
    try (ServerSocket busy = new ServerSocket()) {
      busy.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
      int port = busy.getLocalPort();
      assertThatThrownBy(() -> PortAllocator.bindableHere(port, port, "Backends.local()").reserve("a", 0, Set.of()))
          .isInstanceOf(ProvisioningFailedException.class)
          .hasMessage("No free TCP port for tenant 'a' in " + port + ".." + port
              + " (0 reserved by tenants, the rest in use by other programs). Widen Backends.local().tcpPorts(first, last).");
    }
  }

  @Test
  void socketPathsOverTheKernelLimitAreRefused() {
    new TenantPaths(Path.of("/tmp/x"), TenantId.of("ok")).requireShortSocketPath();
    TenantPaths tooLong = new TenantPaths(Path.of("/" + "a".repeat(90)), TenantId.of("b".repeat(32)));
    assertThatThrownBy(tooLong::requireShortSocketPath)
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("The UNIX socket path " + tooLong.socket() + " is 133 bytes long; the limit is 107.");
  }
}
