package io.redistenancy.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redistenancy.Backends;
import io.redistenancy.Deletion;
import io.redistenancy.Endpoint;
import io.redistenancy.InvalidRequestException;
import io.redistenancy.Plans;
import io.redistenancy.RedisTenancy;
import io.redistenancy.Tenant;
import io.redistenancy.contract.StateFiles;
import io.redistenancy.contract.StateFilesOnDisk;
import io.redistenancy.contract.TestFiles;
import io.redistenancy.internal.resp.RespConnection;
import io.redistenancy.spi.AclUser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The plan setting {@code hz} end to end on real redis-server processes: from a plan file (or a
 * request's override) to the instance's {@code CONFIG GET hz}, kept by the live configuration the
 * library applies without a restart, and refused at build when a plan file has a value Redis would not take.
 */
class PlanHzIT {
  private Path home;
  private Path plans;
  private RedisTenancy tenancy;

  @BeforeEach
  void directories() throws IOException {
    home = Files.createTempDirectory(Path.of("/tmp"), "rt-hz-");
    plans = Files.createTempDirectory(Path.of("/tmp"), "rt-hz-plans-");
  }

  @AfterEach
  void cleanUp() {
    if (tenancy != null) {
      tenancy.tenants().forEach(t -> t.delete(Deletion.PURGE));
      tenancy.close();
    }
    TestFiles.deleteQuietly(home);
    TestFiles.deleteQuietly(plans);
  }

  private RedisTenancy open() {
    return RedisTenancy.builder().home(home).backend(Backends.local()).plans(Plans.directory(plans)).build();
  }

  @Test
  void aPlanFileHzReachesTheInstanceAndTheLibraryKeepsItLiveWithoutARestart() throws Exception {
    Files.writeString(plans.resolve("dense.conf"), "# many small tenants on one host\nmaxmemory 32mb\nhz 5\n");
    tenancy = open();
    Tenant acme = tenancy.create("acme").plan("dense").apply();
    assertThat(acme.plan().hz()).isEqualTo(5);
    assertThat(admin(acme, "CONFIG", "GET", "hz")).isEqualTo(List.of("hz", "5"));
    String pid = processId(acme);

    admin(acme, "CONFIG", "SET", "hz", "50"); // changed by hand behind the library's back
    acme.reset(); // applies the plan's live configuration again
    assertThat(admin(acme, "CONFIG", "GET", "hz")).isEqualTo(List.of("hz", "5"));
    assertThat(processId(acme)).as("changed live, not by a restart").isEqualTo(pid);

    // the stored plan changed (as an interrupted change leaves it): reconcile rewrites redis.conf and applies it
    tenancy.close();
    StateFiles.setPlanDirectiveAndMarkPending(home, "acme", "hz", "20");
    tenancy = open();
    acme = tenancy.tenant("acme").orElseThrow();
    assertThat(acme.plan().hz()).isEqualTo(20);
    assertThat(admin(acme, "CONFIG", "GET", "hz")).isEqualTo(List.of("hz", "20"));

    String before = processId(acme);
    acme.restart();
    assertThat(processId(acme)).isNotEqualTo(before);
    assertThat(admin(acme, "CONFIG", "GET", "hz")).as("written to redis.conf, so a restart keeps it")
        .isEqualTo(List.of("hz", "20"));
  }

  @Test
  void aRequestOverridesHzLikeAnyPlanValueAndABadOneIsRefusedAtOnce() throws Exception {
    tenancy = open();
    assertThatThrownBy(() -> tenancy.create("beta").override(p -> p.hz(501)))
        .isInstanceOf(InvalidRequestException.class).hasMessage("hz 501 is out of range; allowed 1 to 500");
    assertThat(tenancy.tenants()).isEmpty();

    Tenant beta = tenancy.create("beta").override(p -> p.hz(7).maxClients(50)).apply();
    assertThat(admin(beta, "CONFIG", "GET", "hz")).isEqualTo(List.of("hz", "7"));
    assertThat(admin(beta, "CONFIG", "GET", "maxclients")).isEqualTo(List.of("maxclients", "50"));
    Tenant gamma = tenancy.create("gamma").apply();
    assertThat(admin(gamma, "CONFIG", "GET", "hz")).as("not set: Redis's default").isEqualTo(List.of("hz", "10"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "hz 0   | dense.conf:3: hz 0 is out of range; allowed 1 to 500",
      "hz 501 | dense.conf:3: hz 501 is out of range; allowed 1 to 500",
      "hz abc | dense.conf:3: hz value 'abc' is not a whole number of 0 or more"})
  void aPlanFileWithAnHzRedisWouldNotTakeIsRefusedAtBuild(String line, String reason) throws IOException {
    Files.writeString(plans.resolve("dense.conf"), "# dense\nmaxmemory 32mb\n" + line + "\n");
    assertThatThrownBy(this::open).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining(reason).hasMessageContaining("the tenancy was not opened");
  }

  private String processId(Tenant tenant) throws Exception {
    String info = (String) admin(tenant, "INFO", "server");
    return info.lines().filter(l -> l.startsWith("process_id:")).findFirst().orElseThrow();
  }

  /** Runs {@code command} as the library's admin user on the tenant's socket. */
  private Object admin(Tenant tenant, String... command) throws Exception {
    Endpoint socket = tenant.connection().endpoints().stream().filter(Endpoint::isUnixSocket).findFirst().orElseThrow();
    try (RespConnection conn = RespConnection.open(socket, Duration.ofSeconds(10))) {
      conn.auth(AclUser.ADMIN_NAME, StateFilesOnDisk.adminPassword(home, tenant.name()));
      return conn.call(command);
    }
  }
}
