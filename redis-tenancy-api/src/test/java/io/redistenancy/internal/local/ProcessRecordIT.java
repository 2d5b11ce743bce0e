package io.redistenancy.internal.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.redistenancy.contract.TestPorts;
import io.redistenancy.internal.redis.RedisBinary;
import java.io.File;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A record is trusted only for the library's own processes. A record that names another user's
 * redis-server (damaged or planted: no real pid reuse keeps the start time) must not make the backend
 * adopt it, and so never stop or kill it, which a JVM running as root could.
 */
class ProcessRecordIT {
  private static final String NOBODY = "65534";

  @Test
  void aRedisServerOfAnotherUserIsNeverTheRecordedOne() throws Exception {
    assumeTrue(ProcessHandle.current().info().user().filter("root"::equals).isPresent(),
        "starting a process as another user needs root");
    RedisBinary binary = RedisBinary.locate(Optional.empty());
    Process foreign = new ProcessBuilder("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups",
        binary.path().toString(), "--bind", "127.0.0.1", "--port", Integer.toString(TestPorts.freeRange(1)),
        "--save", "", "--appendonly", "no")
        .directory(new File("/"))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
    try {
      ProcessHandle handle = foreign.toHandle();
      assertThat(awaitCommand(handle, binary)).as("setpriv execs redis-server in place").isTrue();
      ProcessRecord record = ProcessRecord.stopped("owner", "hash", 0).running(handle);
      assertThat(record.pid()).isEqualTo(foreign.pid());

      assertThat(record.liveProcess(binary)).as("another user's redis-server, with its pid and start time").isEmpty();
    } finally {
      foreign.destroyForcibly();
      foreign.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** Waits until the process runs redis-server (setpriv has exec'd it); false if it did not in 10 s. */
  private static boolean awaitCommand(ProcessHandle handle, RedisBinary binary) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (handle.info().command().filter(c -> ProcessRecord.isRedis(Path.of(c), binary)).isPresent()) {
        return true;
      }
      Thread.sleep(20);
    }
    return false;
  }
}
