package io.redistenancy.docker.internal;

import io.redistenancy.ProvisioningFailedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Picks host ports for published instances. Ports are a resource of the whole host, so reservations
 * are serialized across every backend of this JVM (a lock) and across JVMs (a file lock in the temp
 * directory); the caller creates the container, which then holds the port, before it unlocks. A port
 * is taken only if the engine publishes it nowhere and it can be bound right now.
 */
final class PortReservations {
  /** Host-wide, hence shared by every backend in this JVM: a file lock alone cannot be re-entered. */
  private static final ReentrantLock JVM_LOCK = new ReentrantLock();

  private final String bindAddress;
  private final int first;
  private final int last;
  private final Path lockFile;

  PortReservations(String bindAddress, int first, int last, Path lockFile) {
    this.bindAddress = bindAddress;
    this.first = first;
    this.last = last;
    this.lockFile = lockFile;
  }

  /** Holds the host-wide reservation lock until closed. */
  Held lock() {
    JVM_LOCK.lock();
    try {
      FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      try {
        FileLock fileLock = channel.lock();
        return new Held(channel, fileLock);
      } catch (IOException | RuntimeException e) {
        channel.close();
        throw e;
      }
    } catch (IOException e) {
      JVM_LOCK.unlock();
      throw new UncheckedIOException("cannot lock " + lockFile, e);
    } catch (RuntimeException e) {
      JVM_LOCK.unlock();
      throw e;
    }
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
    private final FileChannel channel;
    private final FileLock fileLock;

    private Held(FileChannel channel, FileLock fileLock) {
      this.channel = channel;
      this.fileLock = fileLock;
    }

    @Override
    public void close() {
      try {
        fileLock.release();
        channel.close();
      } catch (IOException e) {
        // closing the channel releases the lock anyway
      } finally {
        JVM_LOCK.unlock();
      }
    }
  }
}
