package io.redistenancy.internal.alerts;

import io.redistenancy.AlertNotice;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** One signed JSON POST per notice; a 2xx answer is a delivery. */
public final class WebhookDelivery implements Delivery {
  /** The signature header: {@code sha256=} and the hex HMAC-SHA256 of the body under the shared secret. */
  public static final String SIGNATURE_HEADER = "X-Redis-Tenancy-Signature";
  private static final String ALGORITHM = "HmacSHA256";

  private final URI url;
  private final SecretKeySpec key;
  private final Duration timeout;
  private final HttpClient client;

  public WebhookDelivery(URI url, byte[] secret, Duration timeout) {
    this.url = url;
    this.key = new SecretKeySpec(secret, ALGORITHM);
    this.timeout = timeout;
    this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  /** The header value for {@code body}; the receiver computes the same and compares in constant time. */
  public static String signature(byte[] secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(secret, ALGORITHM));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JVM has " + ALGORITHM, e);
    }
  }

  @Override
  public void deliver(AlertNotice notice) throws IOException, InterruptedException {
    byte[] body = AlertJson.notice(notice).toString().getBytes(StandardCharsets.UTF_8);
    HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout)
        .header("Content-Type", "application/json")
        .header(SIGNATURE_HEADER, signature(key.getEncoded(), body))
        .header("X-Redis-Tenancy-Alert", notice.alert().id())
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
    if (response.statusCode() / 100 != 2) {
      throw new IOException("the webhook answered HTTP " + response.statusCode());
    }
  }
}
