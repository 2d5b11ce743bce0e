package io.redistenancy.internal.alerts;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/** A real HTTP receiver on a free loopback port (the JDK's server) that answers 500 while told to fail. */
public final class WebhookReceiver implements AutoCloseable {
  /** A request as received: its body and its signature header. */
  public record Received(byte[] body, String signature) {}

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private final AtomicInteger attempts = new AtomicInteger();

  public WebhookReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/alerts", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      attempts.incrementAndGet();
      boolean fail = failuresLeft.getAndUpdate(n -> n > 0 ? n - 1 : n) != 0;
      if (!fail) {
        received.add(new Received(body, exchange.getRequestHeaders().getFirst(WebhookDelivery.SIGNATURE_HEADER)));
      }
      exchange.sendResponseHeaders(fail ? 500 : 204, -1);
      exchange.close();
    });
    server.start();
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/alerts");
  }

  /** The next {@code n} requests fail with HTTP 500; a negative {@code n}: every request does. */
  public void failNext(int n) {
    failuresLeft.set(n);
  }

  public List<Received> received() {
    return received;
  }

  public int attempts() {
    return attempts.get();
  }

  /** Polls {@code condition} for up to {@code seconds}. */
  public static boolean await(BooleanSupplier condition, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(20);
    }
    return condition.getAsBoolean();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
