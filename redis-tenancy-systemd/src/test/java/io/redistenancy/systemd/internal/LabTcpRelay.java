package io.redistenancy.systemd.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Makes the lab's loopback ports reachable on this host's loopback under the same numbers, so an
 * instance's endpoint ({@code 127.0.0.1:PORT} inside the lab, whose network is {@code none}) works
 * unchanged from the test JVM, for the engine and for Lettuce alike. Each accepted connection is
 * relayed byte for byte through {@code docker exec -i} to bash's {@code /dev/tcp} in the lab: TLS
 * handshakes pass through untouched.
 */
final class LabTcpRelay implements AutoCloseable {
  /**
   * Connects to 127.0.0.1:$1 in the lab; copies stdin to it in the background and it to stdout in the
   * foreground; whichever side ends first ends the relay (the writer kills the reader, which is $$).
   */
  private static final String RELAY = "exec 4<&0; exec 3<>/dev/tcp/127.0.0.1/\"$1\" || exit 1; "
      + "{ cat <&4 >&3; kill $$ 2>/dev/null; } & exec cat <&3";

  private final List<ServerSocket> listeners = new ArrayList<>();
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "lab-tcp-relay");
    t.setDaemon(true);
    return t;
  });

  /** Listens on 127.0.0.1:first..last of this host, which must be free (best below the ephemeral ports, 32768). */
  LabTcpRelay(int first, int last) {
    SystemdLab.require();
    try {
      for (int port = first; port <= last; port++) {
        ServerSocket listener = new ServerSocket();
        listeners.add(listener);
        listener.setReuseAddress(true); // a port in TIME_WAIT from an earlier run is free
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        threads.execute(() -> accept(listener));
      }
    } catch (IOException e) {
      close();
      throw new UncheckedIOException("the relay needs 127.0.0.1:" + first + ".." + last + " free on this host", e);
    }
  }

  private void accept(ServerSocket listener) {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        threads.execute(() -> relay(client, listener.getLocalPort()));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void relay(Socket client, int port) {
    Process process;
    try {
      process = new ProcessBuilder("docker", "exec", "-i", SystemdLab.CONTAINER, "bash", "-c", RELAY, "relay",
          Integer.toString(port)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      closeQuietly(client);
      return;
    }
    threads.execute(() -> copy(client, process.getOutputStream()));
    try (client) {
      copy(process.getInputStream(), client.getOutputStream());
    } catch (IOException e) {
      // the client went away
    } finally {
      process.destroy();
    }
  }

  private static void copy(Socket from, OutputStream to) {
    try (to) {
      copy(from.getInputStream(), to);
    } catch (IOException e) {
      // either side closed
    }
  }

  private static void copy(InputStream from, OutputStream to) throws IOException {
    byte[] buffer = new byte[16384];
    int read;
    while ((read = from.read(buffer)) >= 0) {
      to.write(buffer, 0, read);
      to.flush();
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // closing
    }
  }

  @Override
  public void close() {
    listeners.forEach(LabTcpRelay::closeQuietly);
    threads.shutdownNow();
  }
}
