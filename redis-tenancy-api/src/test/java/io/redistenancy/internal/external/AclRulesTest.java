package io.redistenancy.internal.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redistenancy.InvalidRequestException;
import io.redistenancy.spi.AclUser;
import io.redistenancy.spi.InstanceState;
import java.util.List;
import org.junit.jupiter.api.Test;

class AclRulesTest {
  private static final String HASH = "a".repeat(64);
  private static final AclUser ACME = new AclUser("acme", AclUser.Role.TENANT, List.of(HASH));

  @Test
  void theAllowListNamesNoDeniedCommand() {
    assertThat(AclRules.allowList()).doesNotContainAnyElementsOf(AclRules.DENIED);
    assertThat(AclRules.allowList()).doesNotHaveDuplicates();
  }

  @Test
  void aSharedUserIsResetThenGetsItsPrefixAndOnlyTheListedCommands() {
    List<String> args = AclRules.setUser(ACME, true, AclRules.allowList());
    assertThat(args).startsWith("ACL", "SETUSER", "acme", "reset", "resetchannels", "on", "#" + HASH, "~acme:*", "&acme:*", "-@all");
    assertThat(args.subList(10, args.size())).allMatch(a -> a.startsWith("+")).hasSize(AclRules.allowList().size());
    assertThat(args).noneMatch(a -> a.contains("@all") && a.startsWith("+"));
  }

  @Test
  void aTenantOverItsQuotaKeepsOnlyCommandsThatReadOrDelete() {
    assertThat(AclRules.COMMANDS).containsAll(AclRules.READ_AND_DELETE);
    assertThat(AclRules.READ_AND_DELETE).doesNotContain("set", "append", "setrange", "hset", "lpush", "sadd", "zadd",
        "xadd", "pfadd", "rename", "sunionstore", "geoadd", "publish");
    List<String> args = AclRules.setUser(ACME, true, AclRules.allowList(), true);
    assertThat(args).contains("+get", "+del", "+unlink", "+client|setname").doesNotContain("+set", "+append");
  }

  @Test
  void aQuotaSwitchRewritesOnlyTheCommandsAsAWholeUserWriteWould() {
    List<String> held = AclRules.setCommands("acme", AclRules.allowList(), true);
    List<String> whole = AclRules.setUser(ACME, true, AclRules.allowList(), true);
    assertThat(held).startsWith("ACL", "SETUSER", "acme", "-@all")
        .noneMatch(a -> a.equals("reset") || a.startsWith("#") || a.startsWith("~") || a.startsWith("&") || a.equals("on"));
    assertThat(held.subList(3, held.size())).isEqualTo(whole.subList(whole.indexOf("-@all"), whole.size()));
    assertThat(AclRules.setCommands("acme", AclRules.allowList(), false)).contains("+set", "+append");
    assertThatThrownBy(() -> AclRules.setCommands("Bad Name", List.of(), true)).isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void commandsAServerDoesNotKnowAreLeftOut() {
    List<String> args = AclRules.setUser(ACME, false, List.of("get", "set"));
    assertThat(args).endsWith("-@all", "+get", "+set").contains("off");
  }

  @Test
  void aRegisteredServersUserGetsTheDedicatedTenantRulesWithoutConfigGet() {
    List<String> args = AclRules.setWholeServerUser(ACME, true);
    assertThat(args).startsWith("ACL", "SETUSER", "acme", "reset", "resetchannels", "on", "#" + HASH, "~*", "&*", "+@all", "-@admin",
        "-@dangerous");
    assertThat(args).as("requirepass and masterauth are the server's secrets").doesNotContain("+config|get")
        .noneMatch(a -> a.startsWith("+config"));
  }

  @Test
  void onlyTenantUsersAndValidNamesBecomeRules() {
    AclUser admin = new AclUser(AclUser.ADMIN_NAME, AclUser.Role.ADMIN, List.of(HASH));
    assertThatThrownBy(() -> AclRules.setUser(admin, true, List.of())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AclRules.setWholeServerUser(admin, true)).isInstanceOf(IllegalArgumentException.class);
    for (String hostile : List.of("a*", "a?", "a[b", "a\\b", "*")) {
      assertThatThrownBy(() -> AclRules.keyPrefix(hostile)).as(hostile).isInstanceOf(InvalidRequestException.class);
    }
  }

  @Test
  void aUsersStateIsReadFromItsFlags() {
    assertThat(AclRules.userState(null)).isEqualTo(InstanceState.MISSING);
    assertThat(AclRules.userState(List.of("flags", List.of("on", "sanitize-payload")))).isEqualTo(InstanceState.RUNNING);
    assertThat(AclRules.userState(List.of("flags", List.of("off")))).isEqualTo(InstanceState.STOPPED);
  }
}
