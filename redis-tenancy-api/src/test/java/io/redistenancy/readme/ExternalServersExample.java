package io.redistenancy.readme;

import io.lettuce.core.RedisClient;
import io.redistenancy.Backends;
import io.redistenancy.ConnectionInfo;
import io.redistenancy.Deletion;
import io.redistenancy.KeyPrefixCodec;
import io.redistenancy.RedisTenancy;
import io.redistenancy.Tenant;
import java.nio.file.Path;

/** The README's external-servers example, compiled by the build and run by SharedAclIT. */
public final class ExternalServersExample {
  private ExternalServersExample() {}

  public static void run(Path home, String host, int port, String opsPassword, RedisClient client) {
    // README-BEGIN
    try (RedisTenancy tenancy = RedisTenancy.builder()
        .home(home)
        .backend(Backends.sharedServers()
            .server(host, port)                       // standalone, or any node of a cluster; add more to pool
            .admin("ops", opsPassword))               // checked up front: version, permissions
        .build()) {

      Tenant acme = tenancy.create("acme").apply();   // ACL user acme: keys and channels acme:* only

      ConnectionInfo info = acme.connection();        // server endpoint, user acme, key prefix "acme:"
      try (var conn = client.connect(KeyPrefixCodec.of(info), info.redisUri())) {
        conn.sync().set("cart:42", "3 items");        // the server stores acme:cart:42
      }
      acme.delete(Deletion.KEEP_DATA);                // DELUSER on every node; PURGE also unlinks acme:*
    }
    // README-END
  }
}
