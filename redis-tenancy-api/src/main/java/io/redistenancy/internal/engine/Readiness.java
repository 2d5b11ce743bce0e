package io.redistenancy.internal.engine;

import io.redistenancy.Endpoint;
import io.redistenancy.ProvisioningFailedException;
import io.redistenancy.internal.resp.RespConnection;
import io.redistenancy.internal.resp.RespException;
import io.redistenancy.spi.Backend;
import io.redistenancy.spi.InstanceState;
import io.redistenancy.spi.TenantId;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.SSLContext;

/**
 * Waits until an instance answers {@code PING} with the tenant's own credentials on the exact endpoint
 * clients will use: the only proof that it is ready (a log line or an open port is not). Polls every
 * 0.2 ms for the first 50 ms (a local instance is up in about 10 ms), then backs off; fails fast, with the log tail, if
 * the backend sees the instance die.
 */
final class Readiness {
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
  /** A failed probe of a local socket costs microseconds: poll every 0.2 ms while a fast start is likely. */
  private static final long FAST_POLL_NANOS = Duration.ofMillis(50).toNanos();
  private static final long STATE_CHECK_NANOS = Duration.ofMillis(25).toNanos();

  private Readiness() {}

  static void await(Backend backend, TenantId id, Endpoint endpoint, SSLContext tls, String user, String password,
      Duration timeout) {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    long nextStateCheck = start + STATE_CHECK_NANOS;
    long pause = 200_000; // 0.2 ms; after FAST_POLL_NANOS doubling to 10 ms
    String lastProblem = "no answer";
    while (true) {
      try (RespConnection conn = RespConnection.open(endpoint, PROBE_TIMEOUT, tls)) {
        conn.auth(user, password);
        if ("PONG".equals(conn.callString("PING"))) {
          return;
        }
      } catch (RespException e) {
        if (!"LOADING".equals(e.code())) {
          throw failed(backend, id, endpoint, "it answered " + e.getMessage().split(" ")[0]
              + " to the tenant's credentials", start);
        }
        lastProblem = "still loading its data";
      } catch (javax.net.ssl.SSLHandshakeException e) {
        if (certificateRefused(e)) { // waiting does not make a certificate acceptable
          throw failed(backend, id, endpoint, "its TLS certificate was refused: " + e.getMessage(), start);
        }
        lastProblem = e.getMessage();
      } catch (IOException e) {
        lastProblem = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      }
      long now = System.nanoTime();
      if (now - deadline > 0) {
        throw failed(backend, id, endpoint, "no PING answer within " + timeout.toMillis() + " ms (" + lastProblem + ")", start);
      }
      if (now - nextStateCheck > 0) {
        nextStateCheck = now + STATE_CHECK_NANOS;
        InstanceState state = backend.state(id);
        if (state == InstanceState.FAILED || state == InstanceState.STOPPED || state == InstanceState.MISSING) {
          throw failed(backend, id, endpoint, "the instance is " + state, start);
        }
      }
      LockSupport.parkNanos(pause);
      if (now - start > FAST_POLL_NANOS) {
        pause = Math.min(pause * 2, 10_000_000);
      }
    }
  }

  private static boolean certificateRefused(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.security.cert.CertificateException || t instanceof java.security.cert.CertPathValidatorException) {
        return true;
      }
    }
    return false;
  }

  private static ProvisioningFailedException failed(Backend backend, TenantId id, Endpoint endpoint, String why, long start) {
    String tail = backend.logTail(id);
    return new ProvisioningFailedException("Tenant '" + id + "' did not become ready on " + endpoint + " after "
        + (System.nanoTime() - start) / 1_000_000 + " ms: " + why + "."
        + (tail.isBlank() ? "" : "\nLast lines of its log:\n" + tail));
  }
}
