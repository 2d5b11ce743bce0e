package io.redistenancy.benchmarks.provision;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * PING over a fresh connection, with plain NIO: no client library, so the baselines pay nothing a
 * hand-written launcher would not. Works for TCP and UNIX sockets alike.
 */
final class Ping {
  /** Poll interval: short and fixed, the best a hand-written launcher would do. */
  static final Duration POLL = Duration.ofNanos(200_000);
  private static final byte[] PING = "PING\r\n".getBytes(StandardCharsets.US_ASCII);

  private Ping() {}

  /**
   * Polls {@code address} until it answers {@code +PONG}; returns the nanoseconds since {@code startNanos}.
   *
   * @throws IllegalStateException if the process died or the timeout passed
   */
  static long await(SocketAddress address, long startNanos, Duration timeout, BooleanSupplier alive) {
    long deadline = startNanos + timeout.toNanos();
    while (true) {
      if (once(address)) {
        return System.nanoTime() - startNanos;
      }
      if (!alive.getAsBoolean()) {
        throw new IllegalStateException("the server at " + address + " exited before answering PING");
      }
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException("no PONG from " + address + " within " + timeout.toMillis() + " ms");
      }
      LockSupport.parkNanos(POLL.toNanos());
    }
  }

  /** One attempt: connect, PING, read the reply line. False on refusal or a missing socket. */
  static boolean once(SocketAddress address) {
    try (SocketChannel channel = SocketChannel.open(address)) {
      channel.write(ByteBuffer.wrap(PING));
      ByteBuffer reply = ByteBuffer.allocate(64);
      while (reply.position() < 2 || reply.get(reply.position() - 1) != '\n') {
        if (!reply.hasRemaining() || channel.read(reply) < 0) {
          return false;
        }
      }
      return new String(reply.array(), 0, reply.position(), StandardCharsets.US_ASCII).startsWith("+PONG");
    } catch (IOException e) {
      return false;
    }
  }
}
