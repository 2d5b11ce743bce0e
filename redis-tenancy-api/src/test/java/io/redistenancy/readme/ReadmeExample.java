package io.redistenancy.readme;

import io.redistenancy.Deletion;
import io.redistenancy.EvictionPolicy;
import io.redistenancy.MemorySize;
import io.redistenancy.Persistence;
import io.redistenancy.Plan;
import io.redistenancy.Plans;
import io.redistenancy.RedisTenancy;
import io.redistenancy.Tenant;
import java.nio.file.Path;

/** The README's example, compiled and run by the build so that it stays true. */
final class ReadmeExample {
  private ReadmeExample() {}

  static String run(Path home) {
    // README-BEGIN
    Plan premium = Plan.builder("premium")
        .maxMemory(MemorySize.parse("256mb"))
        .evictionPolicy(EvictionPolicy.ALLKEYS_LRU)
        .persistence(Persistence.AOF_EVERYSEC)
        .build();

    try (RedisTenancy tenancy = RedisTenancy.builder()
        .home(home)                                   // state, configs, secrets, local data
        .plans(Plans.of(premium))                     // or Plans.directory(Path.of("/etc/redis-tenancy/plans"))
        .build()) {                                   // backend: local redis-server processes by default

      Tenant acme = tenancy.create("acme")
          .plan("premium")
          .maxMemory(MemorySize.ofMegabytes(128))     // overrides the plan
          .apply();                                   // returns once acme answers PING with its own password

      try (var conn = acme.connect()) {               // Lettuce, as the tenant user
        conn.sync().set("greeting", "hello");
      }
      acme.resize(MemorySize.ofMegabytes(512));       // live: CONFIG SET, no restart
      System.out.println(acme.status());              // state, memory, keys, ops/s, clients …
      acme.handover().writeTo(home.resolve("handover")); // acme.env + acme.json for the customer, 0600

      String url = acme.connection().url();           // unix://acme:…@/…/acme.sock
      acme.delete(Deletion.PURGE);
      return url;
    }
    // README-END
  }
}
