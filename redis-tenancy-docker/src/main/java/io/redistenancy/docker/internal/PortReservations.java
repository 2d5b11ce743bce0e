package io.redistenancy.docker.internal;

import io.redistenancy.ProvisioningFailedException;
import io.redistenancy.internal.Checked;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Picks host ports for published instances. Ports are a resource of the whole host, so reservations
 * are serialized across every backend of this JVM (a lock) and across JVMs (a {@link PortLockFile} in a
 * private directory); the caller creates the container, which then holds the port, before it unlocks. A port
 * is taken only if the engine publishes it nowhere and it can be bound right now.
 */
final class PortReservations {
  /**
   * Host-wide, hence shared by every backend in this JVM: a file lock alone cannot be re-entered. Fair,
   * so parallel creates take turns in order.
   */
  private static final ReentrantLock JVM_LOCK = new ReentrantLock(true);
  /** Counts the turns {@link #JVM_LOCK} has given, so a waiter tells a busy lock from a stuck one. */
  private static final AtomicLong JVM_TURNS = new AtomicLong();
  private static final long POLL_MILLIS = 100;

  private final String bindAddress;
  private final int first;
  private final int last;
  private final PortLockFile lockFile;

  PortReservations(String bindAddress, int first, int last, PortLockFile lockFile) {
    this.bindAddress = bindAddress;
    this.first = first;
    this.last = last;
    this.lockFile = lockFile;
  }

  /**
   * Holds the host-wide reservation lock until closed. Waits as long as the lock changes hands (many
   * parallel creates on a loaded machine take a while in turn), at most the lock file's timeout for one
   * holder.
   *
   * @throws ProvisioningFailedException if one holder kept it past the lock file's timeout
   */
  Held lock() {
    try {
      awaitJvmLock(lockFile.timeout());
    } catch (InterruptedException e) {
      throw Checked.interrupted("waiting for the Docker port lock", e);
    }
    try {
      return new Held(lockFile.lock());
    } catch (RuntimeException e) {
      JVM_LOCK.unlock();
      throw e;
    }
  }

  private static void awaitJvmLock(Duration timeout) throws InterruptedException {
    long turns = JVM_TURNS.get();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!JVM_LOCK.tryLock(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
      long now = JVM_TURNS.get();
      if (now != turns) {
        turns = now;
        deadline = System.nanoTime() + timeout.toNanos();
      } else if (System.nanoTime() - deadline > 0) {
        throw new ProvisioningFailedException("another backend of this JVM has held the Docker port lock for more "
            + "than " + timeout.toSeconds() + "s without letting go");
      }
    }
    JVM_TURNS.incrementAndGet();
  }

  /**
   * The first port of the range that is not in {@code published} nor {@code refused} and binds now.
   * Call under {@link #lock()}.
   */
  int pick(Set<Integer> published, Set<Integer> refused) {
    for (int port = first; port <= last; port++) {
      if (!published.contains(port) && !refused.contains(port) && bindable(port)) {
        return port;
      }
    }
    throw new ProvisioningFailedException("no free TCP port in " + bindAddress + ":" + first + ".." + last
        + " (" + published.stream().filter(p -> p >= first && p <= last).count()
        + " published by the Docker engine, the rest in use on the host); widen the range in "
        + "DockerBackends.docker().tcp(…) or remove tenants");
  }

  private boolean bindable(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(bindAddress, port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The held lock. */
  static final class Held implements AutoCloseable {
    private final PortLockFile.Held fileLock;

    private Held(PortLockFile.Held fileLock) {
      this.fileLock = fileLock;
    }

    @Override
    public void close() {
      try {
        fileLock.close();
      } finally {
        JVM_LOCK.unlock();
      }
    }
  }
}
