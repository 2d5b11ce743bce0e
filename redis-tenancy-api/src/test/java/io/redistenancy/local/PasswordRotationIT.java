package io.redistenancy.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.redistenancy.Backends;
import io.redistenancy.Deletion;
import io.redistenancy.Endpoint;
import io.redistenancy.OpenConnections;
import io.redistenancy.RedisTenancy;
import io.redistenancy.TenancyException;
import io.redistenancy.Tenant;
import io.redistenancy.contract.StateFilesOnDisk;
import io.redistenancy.contract.TestFiles;
import io.redistenancy.internal.resp.RespConnection;
import io.redistenancy.internal.resp.RespException;
import io.redistenancy.internal.state.Secrets;
import io.redistenancy.spi.AclUser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A rotation the server does not answer or refuses changes nothing for the tenant's clients: {@code connection()}
 * keeps the password that works, and the new one, which may have reached the server, is withdrawn (at once, or
 * by the next reconcile where the server cannot be reached for the roll-back either). And connections still open
 * at the end of the grace period are closed when the rotation asks for it.
 */
class PasswordRotationIT {
  private Path home;
  private RedisTenancy tenancy;
  private Long stoppedPid;

  @BeforeEach
  void open() throws IOException {
    home = Files.createTempDirectory(Path.of("/tmp"), "rt-failrot-");
    tenancy = RedisTenancy.builder().home(home).backend(Backends.local()).build();
  }

  @AfterEach
  void cleanUp() throws Exception {
    if (stoppedPid != null) {
      signal("CONT", stoppedPid);
    }
    tenancy.tenants().forEach(t -> t.delete(Deletion.PURGE));
    tenancy.close();
    TestFiles.deleteQuietly(home);
  }

  @Test
  void aRotationTheInstanceDoesNotAnswerChangesNothingAndReconcileWithdrawsIt() throws Exception {
    Tenant acme = tenancy.create("acme").apply();
    String before = acme.connection().password();
    stoppedPid = LocalTenancyIT.pid(acme);
    signal("STOP", stoppedPid); // alive but silent: the admin command is sent and never answered

    Throwable failure = catchThrowable(() -> acme.rotatePassword(Duration.ofMinutes(10)));
    assertThat(acme.connection().password().equals(before)).as("connection() keeps the password that works").isTrue();
    assertThat(failure).isInstanceOf(TenancyException.class)
        .hasMessageContaining("The password of tenant 'acme' was not rotated")
        .hasMessageContaining("is withdrawn by the next tenancy.reconcile()");
    assertThat(acme.handover().env()).contains("REDIS_PASSWORD=" + before + "\n");
    String pending = stored(acme, "pendingTenantPassword");
    assertThat(pending).as("the intent is on record").isNotNull().isNotEqualTo(before);

    signal("CONT", stoppedPid);
    stoppedPid = null;
    // the command may still run now that the instance reads its socket again: the old password works either way
    assertThat(auth(acme, before)).isTrue();
    tenancy.reconcile();
    assertThat(auth(acme, before)).isTrue();
    assertThat(auth(acme, pending)).as("the pending password is withdrawn from the server").isFalse();
    assertThat(stored(acme, "pendingTenantPassword")).isNull();
    assertThat(Files.readString(home.resolve("instances/tenants/acme/users.acl"))).doesNotContain(Secrets.sha256(pending));
    assertThat(acme.connection().password()).isEqualTo(before);
  }

  @Test
  void aRotationTheServerRefusesChangesNothingAndTheNextOneWorks() throws Exception {
    Tenant acme = tenancy.create("acme").apply();
    String before = acme.connection().password();
    // an operator takes ACL SETUSER from the library's admin user: the server refuses the rotation (and its roll-back)
    admin(acme, "ACL", "SETUSER", "fixer", "on", ">fixer-password", "+@all");
    admin(acme, "ACL", "SETUSER", AclUser.ADMIN_NAME, "-acl|setuser");

    Throwable failure = catchThrowable(() -> acme.rotatePassword(Duration.ofMinutes(10)));
    assertThat(acme.connection().password().equals(before)).as("connection() keeps the password that works").isTrue();
    assertThat(failure).isInstanceOf(TenancyException.class).hasMessageContaining("was not rotated")
        .hasMessageContaining("NOPERM");
    assertThat(auth(acme, before)).isTrue();
    String pending = stored(acme, "pendingTenantPassword");
    assertThat(auth(acme, pending)).as("refused: the server never took it").isFalse();

    try (RespConnection fixer = RespConnection.open(acme.connection().endpoint(), Duration.ofSeconds(5))) {
      fixer.auth("fixer", "fixer-password");
      fixer.call("ACL", "SETUSER", AclUser.ADMIN_NAME, "+acl|setuser");
      fixer.call("ACL", "DELUSER", "fixer");
    }
    tenancy.reconcile();
    assertThat(stored(acme, "pendingTenantPassword")).isNull();
    acme.rotatePassword(Duration.ofMinutes(10));
    String after = acme.connection().password();
    assertThat(after).isNotEqualTo(before).isNotEqualTo(pending);
    assertThat(auth(acme, after)).isTrue();
    assertThat(auth(acme, before)).as("grace period").isTrue();
    assertThat(auth(acme, pending)).isFalse();
  }

  @Test
  void withDisconnectTheEndOfTheGracePeriodClosesTheConnectionsStillOpen() throws Exception {
    Tenant acme = tenancy.create("acme").apply();
    String before = acme.connection().password();
    try (RespConnection old = authenticated(acme, before)) {
      acme.rotatePassword(Duration.ofMinutes(10), OpenConnections.DISCONNECT);
      String after = acme.connection().password();
      try (RespConnection current = authenticated(acme, after)) {
        assertThat(old.call("PING")).isEqualTo("PONG");
        assertThat(current.call("PING")).isEqualTo("PONG");

        acme.finishPasswordRotation();
        assertThatThrownBy(() -> old.call("PING")).as("the old password's connection").isInstanceOf(IOException.class);
        assertThatThrownBy(() -> current.call("PING")).as("every connection: Redis cannot tell which password")
            .isInstanceOf(IOException.class);
      }
      assertThat(auth(acme, after)).as("the new password reconnects").isTrue();
      assertThat(auth(acme, before)).isFalse();
    }
  }

  @Test
  void withoutItAConnectionOfTheOldPasswordOutlivesTheGracePeriod() throws Exception {
    Tenant acme = tenancy.create("acme").apply();
    String before = acme.connection().password();
    try (RespConnection old = authenticated(acme, before)) {
      acme.rotatePassword(Duration.ofMinutes(10));
      acme.finishPasswordRotation();
      assertThat(auth(acme, before)).isFalse();
      assertThat(old.call("PING")).as("Redis checks a password only at AUTH").isEqualTo("PONG");
    }
  }

  private static RespConnection authenticated(Tenant tenant, String password) throws IOException {
    RespConnection conn = RespConnection.open(socket(tenant), Duration.ofSeconds(10));
    conn.auth(tenant.name(), password);
    return conn;
  }

  private static void signal(String signal, long pid) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
    assertThat(kill.waitFor()).as("kill -" + signal).isZero();
  }

  private static boolean auth(Tenant tenant, String password) throws IOException {
    try (RespConnection conn = RespConnection.open(socket(tenant), Duration.ofSeconds(10))) {
      conn.auth(tenant.name(), password);
      return true;
    } catch (RespException e) {
      return false;
    }
  }

  private static Endpoint socket(Tenant tenant) {
    return tenant.connection().endpoints().stream().filter(Endpoint::isUnixSocket).findFirst().orElseThrow();
  }

  private void admin(Tenant tenant, String... command) throws Exception {
    try (RespConnection conn = RespConnection.open(socket(tenant), Duration.ofSeconds(10))) {
      conn.auth(AclUser.ADMIN_NAME, stored(tenant, "adminPassword"));
      conn.call(command);
    }
  }

  /** A field of the tenant's stored secrets, or null. */
  private String stored(Tenant tenant, String field) throws Exception {
    String json = Files.readString(StateFilesOnDisk.secrets(home, tenant.name()));
    Matcher m = Pattern.compile("\"" + field + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
    return m.find() ? m.group(1) : null;
  }
}
