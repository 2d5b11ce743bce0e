package io.redistenancy.internal.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.redistenancy.Access;
import io.redistenancy.ClientAuth;
import io.redistenancy.Plan;
import io.redistenancy.spi.ConfigRenderer;
import io.redistenancy.spi.InstanceLayout;
import io.redistenancy.spi.InstanceSpec;
import io.redistenancy.spi.TenantId;
import io.redistenancy.spi.TlsMaterial;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The directive table's promises, checked for every entry, so a new entry cannot skip one. */
class PlanDirectivesTest {
  /** TLS on both sides, so every directive (client auth too) can take its example value. */
  private static final Plan BASE = Plan.builder("base").access(Access.DUAL).build();

  private static <T> Plan withExample(PlanDirective<T> directive) {
    Plan.Builder b = BASE.toBuilder();
    directive.set(b, directive.example());
    return b.build();
  }

  private static String hash(Plan plan) {
    TlsMaterial tls = plan.access().usesTls()
        ? new TlsMaterial(plan.access(), plan.clientAuth(), "CA PEM", "CERT PEM", "KEY PEM") : null;
    return new InstanceSpec(TenantId.of("acme"), plan, List.of(), tls).hash();
  }

  private static String redisConf(Plan plan) {
    Plan plain = plan.toBuilder().access(Access.PLAIN).clientAuth(ClientAuth.NONE).build();
    InstanceLayout layout = InstanceLayout.builder().dataDirectory(Path.of("/data")).aclFile(Path.of("/acl"))
        .tcp("127.0.0.1", 6390).build();
    return ConfigRenderer.redisConf(new InstanceSpec(TenantId.of("acme"), plain, List.of()), layout);
  }

  @Test
  void everyDirectiveThatShapesTheInstanceChangesTheHash() {
    for (PlanDirective<?> directive : PlanDirectives.ALL) {
      Plan changed = withExample(directive);
      assertThat(changed).as(directive.key()).isNotEqualTo(BASE);
      if (directive.shapesInstance()) {
        assertThat(hash(changed)).as(directive.key() + " is hashed").isNotEqualTo(hash(BASE));
      } else {
        assertThat(hash(changed)).as(directive.key() + " serves the library only").isEqualTo(hash(BASE));
        assertThat(redisConf(changed)).as(directive.key() + " is not hashed, so it must not reach redis.conf")
            .isEqualTo(redisConf(BASE));
      }
    }
  }

  @Test
  void everyRenderedDirectiveReachesRedisConfAndIsHashed() {
    for (PlanDirective<?> directive : PlanDirectives.ALL) {
      if (directive.rendered()) {
        String line = directive.fileName().orElseThrow() + " " + directive.renderedValue(withExample(directive))
            .orElseThrow();
        assertThat(redisConf(withExample(directive))).as(directive.key()).contains("\n" + line + "\n");
        assertThat(directive.shapesInstance()).as(directive.key()).isTrue();
      }
    }
  }

  @Test
  void everyFileDirectiveReadsBackItsOwnSpelling() {
    for (PlanDirective<?> directive : PlanDirectives.inFiles()) {
      assertRoundTrip(directive);
    }
  }

  private static <T> void assertRoundTrip(PlanDirective<T> directive) {
    PlanDirective.FileValue<T> spelling = directive.fileValue().orElseThrow();
    for (T value : List.of(directive.defaultValue(), directive.example())) {
      assertThat(spelling.fromText(directive.key(), spelling.toText(value))).as(directive.key()).isEqualTo(value);
    }
  }

  @Test
  void liveConfigSetsEveryLiveDirectiveIncludingRedisDefaults() {
    Plan dense = Plan.builder("dense").hz(5).build();
    List<String> command = Arrays.asList(PlanDirectives.liveConfig(dense));
    assertThat(command).startsWith("CONFIG", "SET").containsSubsequence("hz", "5")
        .containsSubsequence("maxmemory", "67108864", "maxmemory-policy", "noeviction", "maxclients", "1000",
            "timeout", "0", "tcp-keepalive", "300", "notify-keyspace-events", "", "hz", "5")
        .doesNotContain("databases");
    assertThat(Arrays.asList(PlanDirectives.liveConfig(Plan.DEFAULT))).as("back to the default: said explicitly")
        .containsSubsequence("hz", "10");
  }
}
