package io.redistenancy.internal.resp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redistenancy.Endpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A real hostile server (a plain ServerSocket on loopback that answers any command with what the test
 * says) cannot exhaust the JVM through the library's RESP client: every bound is a clear RespException
 * naming it, and the connection is closed.
 */
class HostileServerIT {
  /** What the server writes after the first command arrives; an endless answer repeats {@code tail} until closed. */
  private record Answer(String head, String tail) {}

  @Test
  void aHugeArrayHeaderIsRefusedWithoutAllocatingIt() throws Exception {
    assertRefused(new Answer("*2147483647\r\n", null), "an array of 2147483647 elements", "MAX_ELEMENTS");
  }

  @Test
  void aLineThatNeverEndsIsRefused() throws Exception {
    assertRefused(new Answer("+", "a".repeat(8192)), "a line longer than 65536 bytes", "MAX_LINE");
  }

  @Test
  void aHugeBulkStringIsRefusedBeforeItIsRead() throws Exception {
    assertRefused(new Answer("$2147483647\r\n", "x".repeat(8192)), "a bulk string of 2147483647 bytes", "MAX_REPLY");
  }

  @Test
  void manySmallElementsAddingUpAreRefused() throws Exception {
    assertRefused(new Answer("*1048576\r\n", "$1048576\r\n" + "y".repeat(1 << 20) + "\r\n"), "over 67108864 bytes",
        "MAX_REPLY");
  }

  @Test
  void endlessNestingIsRefused() throws Exception {
    assertRefused(new Answer("", "*1\r\n"), "nested deeper than 32 levels", "MAX_DEPTH");
  }

  private static void assertRefused(Answer answer, String what, String limit) throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread hostile = new Thread(() -> serve(server, answer), "hostile-redis");
      hostile.setDaemon(true);
      hostile.start();
      try (RespConnection conn = RespConnection.open(Endpoint.tcp("127.0.0.1", server.getLocalPort()),
          Duration.ofMinutes(2))) {
        assertThatThrownBy(() -> conn.call("PING")).isInstanceOf(RespException.class)
            .hasMessageContaining(what).hasMessageContaining(limit)
            .satisfies(e -> assertThat(((RespException) e).isLimit()).isTrue());
        assertThatThrownBy(() -> conn.call("PING")).as("the connection is closed after a refused reply")
            .isInstanceOf(IOException.class);
      }
      hostile.join(Duration.ofMinutes(1).toMillis());
      assertThat(hostile.isAlive()).as("the server saw the client go away").isFalse();
    }
  }

  private static void serve(ServerSocket server, Answer answer) {
    try (Socket client = server.accept(); InputStream in = client.getInputStream();
        OutputStream out = client.getOutputStream()) {
      in.read(new byte[1024]); // the command: any will do
      out.write(answer.head().getBytes(StandardCharsets.US_ASCII));
      if (answer.tail() != null) {
        byte[] tail = answer.tail().getBytes(StandardCharsets.US_ASCII);
        while (true) {
          out.write(tail); // until the client closes the connection
        }
      }
      out.flush();
      in.read(); // then wait for the client to close
    } catch (IOException clientWentAway) {
      // what a refused reply must lead to
    }
  }
}
