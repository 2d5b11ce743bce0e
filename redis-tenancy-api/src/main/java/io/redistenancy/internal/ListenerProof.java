package io.redistenancy.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
public final class ListenerProof {
  private static final String LISTEN = "0A";
  private static final List<Path> TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));

  private ListenerProof() {}

  /** Whether {@code pid} holds a socket listening on TCP {@code port}. */
  public static boolean listensOn(long pid, int port) {
    Set<String> listening = listeningInodes(port);
    if (listening.isEmpty()) {
      return false;
    }
    Path fds = Path.of("/proc", Long.toString(pid), "fd");
    List<String> targets = new ArrayList<>();
    try (DirectoryStream<Path> all = Files.newDirectoryStream(fds)) {
      all.forEach(fd -> targets.add(readLink(fd)));
    } catch (IOException e) {
      return false; // gone, or not ours to look at: no proof
    }
    return holdsOneOf(targets, listening);
  }

  /** The inodes of the sockets listening on {@code port}, on any local address. */
  static Set<String> listeningInodes(int port) {
    Set<String> inodes = new HashSet<>();
    for (Path table : TABLES) {
      try {
        inodes.addAll(listeningInodes(Files.readAllLines(table), port));
      } catch (IOException e) {
        continue; // no IPv6, or no /proc
      }
    }
    return inodes;
  }

  /**
   * The inodes of the sockets listening on {@code port} in lines of {@code /proc/net/tcp} or
   * {@code tcp6} (read here, or on another machine by a backend's command seam); others are ignored.
   */
  public static Set<String> listeningInodes(List<String> tableLines, int port) {
    String hexPort = String.format(Locale.ROOT, "%04X", port);
    Set<String> inodes = new HashSet<>();
    for (String line : tableLines) {
      // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
      String[] f = line.trim().split("\\s+");
      if (f.length > 9 && LISTEN.equals(f[3]) && f[1].endsWith(":" + hexPort) && !"0".equals(f[9])) {
        inodes.add(f[9]);
      }
    }
    return inodes;
  }

  /** Whether one of {@code fdTargets} (what a process's {@code /proc/PID/fd} links name) is one of {@code inodes}' sockets. */
  public static boolean holdsOneOf(List<String> fdTargets, Set<String> inodes) {
    return fdTargets.stream().map(String::strip)
        .anyMatch(t -> t.startsWith("socket:[") && t.endsWith("]") && inodes.contains(t.substring(8, t.length() - 1)));
  }

  private static String readLink(Path fd) {
    try {
      return Files.readSymbolicLink(fd).toString();
    } catch (IOException | UnsupportedOperationException e) {
      return ""; // closed meanwhile
    }
  }
}
