package io.redistenancy.docker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The port lock's wait is bounded by progress: many holders in turn, each brief, never time a waiter
 * out, however long the queue (a loaded machine with many parallel creates failed them after 30 s).
 */
class PortReservationsTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(3);

  @TempDir
  Path temp;

  @Test
  void parallelCreatesWaitThroughManyBriefTurnsLongerThanTheTimeout() throws Exception {
    PortReservations ports = new PortReservations("127.0.0.1", 20000, 20001,
        new PortLockFile(temp.resolve("locks"), HostFiles.uidOf(temp), TIMEOUT));
    int holders = 100; // 100 turns of 50 ms: about 5 s in all, longer than the 3 s timeout
    ExecutorService pool = Executors.newFixedThreadPool(holders);
    try {
      List<Future<?>> turns = new ArrayList<>();
      for (int i = 0; i < holders; i++) {
        turns.add(pool.submit(() -> {
          try (PortReservations.Held held = ports.lock()) {
            Thread.sleep(50);
          }
          return null;
        }));
      }
      for (Future<?> turn : turns) {
        turn.get(5, TimeUnit.MINUTES); // throws if any waiter was timed out
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void anotherProcessTakingTurnsIsWaitedForAsLongAsItHandsTheLockOn() throws IOException, InterruptedException {
    PortLockFile lock = new PortLockFile(temp.resolve("locks"), HostFiles.uidOf(temp), Duration.ofSeconds(1));
    lock.lock().close(); // makes the directory and the file
    // another redis-tenancy JVM picking ports back to back: 12 turns of 300 ms, each counted in the file
    String turns = "import fcntl, struct, sys, time\n"
        + "f = open(sys.argv[1], 'r+b')\n"
        + "for turn in range(12):\n"
        + "    fcntl.lockf(f, fcntl.LOCK_EX)\n"
        + "    f.seek(0); n = f.read(8); n = struct.unpack('>q', n)[0] if len(n) == 8 else 0\n"
        + "    f.seek(0); f.write(struct.pack('>q', n + 1)); f.flush()\n"
        + "    if turn == 0: print('turning', flush=True)\n"
        + "    time.sleep(0.3)\n"
        + "    fcntl.lockf(f, fcntl.LOCK_UN)\n";
    Process other = new ProcessBuilder("/usr/bin/python3", "-c", turns, lock.file().toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try {
      assertThat(new String(other.getInputStream().readNBytes(8))).isEqualTo("turning\n");
      try (PortLockFile.Held held = lock.lock()) {
        assertThat(lock.file()).isRegularFile();
      }
    } finally {
      other.destroyForcibly();
      other.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
