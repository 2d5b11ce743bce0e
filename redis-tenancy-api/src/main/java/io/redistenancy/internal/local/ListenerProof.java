package io.redistenancy.internal.local;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Proof that a TCP port is listened on by one given process, from the kernel's own tables: the
 * listening sockets of {@code /proc/net/tcp} name their inode, and {@code /proc/PID/fd} lists the
 * socket inodes the process holds. A port is the tenant's only if its listening socket is one of the
 * tenant's process's file descriptors; another program on the port, even another redis-server of
 * this user, fails the proof.
 */
final class ListenerProof {
  private static final String LISTEN = "0A";
  private static final List<Path> TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));

  private ListenerProof() {}

  /** Whether {@code pid} holds a socket listening on TCP {@code port}. */
  static boolean listensOn(long pid, int port) {
    Set<String> listening = listeningInodes(port);
    if (listening.isEmpty()) {
      return false;
    }
    Path fds = Path.of("/proc", Long.toString(pid), "fd");
    try (DirectoryStream<Path> all = Files.newDirectoryStream(fds)) {
      for (Path fd : all) {
        String target = readLink(fd);
        if (target.startsWith("socket:[") && listening.contains(target.substring(8, target.length() - 1))) {
          return true;
        }
      }
    } catch (IOException e) {
      return false; // gone, or not ours to look at: no proof
    }
    return false;
  }

  /** The inodes of the sockets listening on {@code port}, on any local address. */
  static Set<String> listeningInodes(int port) {
    String hexPort = String.format(Locale.ROOT, "%04X", port);
    Set<String> inodes = new HashSet<>();
    for (Path table : TABLES) {
      List<String> lines;
      try {
        lines = Files.readAllLines(table);
      } catch (IOException e) {
        continue; // no IPv6, or no /proc
      }
      for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
        // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
        String[] f = line.trim().split("\\s+");
        if (f.length > 9 && LISTEN.equals(f[3]) && f[1].endsWith(":" + hexPort) && !"0".equals(f[9])) {
          inodes.add(f[9]);
        }
      }
    }
    return inodes;
  }

  private static String readLink(Path fd) {
    try {
      return Files.readSymbolicLink(fd).toString();
    } catch (IOException | UnsupportedOperationException e) {
      return ""; // closed meanwhile
    }
  }
}
