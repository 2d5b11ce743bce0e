package io.redistenancy.internal.external;

import io.redistenancy.Endpoint;
import io.redistenancy.internal.resp.RespConnection;
import io.redistenancy.internal.resp.RespException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedDeque;
import javax.net.ssl.SSLContext;

/**
 * Admin connections to one node, kept open and reused (a create costs a few round trips, not a few
 * TCP handshakes). Thread-safe: each call borrows a connection; a connection that failed is dropped
 * and the call is tried once more on a fresh one, since a pooled connection may have been closed by
 * the server (timeout, restart) while idle.
 */
final class NodePool implements AutoCloseable {
  private static final int MAX_IDLE = 8;

  private final Endpoint endpoint;
  private final String user;
  private final String password;
  private final Duration timeout;
  private final SSLContext tls;
  private final ConcurrentLinkedDeque<RespConnection> idle = new ConcurrentLinkedDeque<>();
  private volatile boolean closed;

  NodePool(Endpoint endpoint, String user, String password, Duration timeout) {
    this(endpoint, user, password, timeout, null);
  }

  /** @param tls the client context for a TLS endpoint; null for a plaintext one */
  NodePool(Endpoint endpoint, String user, String password, Duration timeout, SSLContext tls) {
    this.tls = tls;
    this.endpoint = endpoint;
    this.user = user;
    this.password = password;
    this.timeout = timeout;
  }

  Endpoint endpoint() {
    return endpoint;
  }

  /**
   * Sends one command as the admin user.
   *
   * @throws RespException for an error reply (the connection stays usable)
   * @throws IOException if the node cannot be reached
   */
  Object call(String... args) throws IOException {
    RespConnection pooled = idle.pollFirst();
    if (pooled != null) {
      try {
        Object reply = pooled.call(args);
        release(pooled);
        return reply;
      } catch (RespException e) {
        release(pooled);
        throw e;
      } catch (IOException stale) {
        pooled.close();
      }
    }
    RespConnection fresh = open();
    try {
      Object reply = fresh.call(args);
      release(fresh);
      return reply;
    } catch (RespException e) {
      release(fresh);
      throw e;
    } catch (IOException e) {
      fresh.close();
      throw e;
    }
  }

  private RespConnection open() throws IOException {
    if (closed) {
      throw new IOException("the backend is closed");
    }
    RespConnection conn = RespConnection.open(endpoint, timeout, tls);
    try {
      conn.auth(user, password);
      return conn;
    } catch (IOException | RuntimeException e) {
      conn.close();
      throw e;
    }
  }

  private void release(RespConnection conn) {
    if (closed || idle.size() >= MAX_IDLE) {
      conn.close();
    } else {
      idle.offerFirst(conn);
    }
  }

  @Override
  public void close() {
    closed = true;
    RespConnection c;
    while ((c = idle.pollFirst()) != null) {
      c.close();
    }
  }
}
