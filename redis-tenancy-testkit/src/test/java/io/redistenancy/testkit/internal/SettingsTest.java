package io.redistenancy.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redistenancy.Access;
import io.redistenancy.ClientAuth;
import io.redistenancy.InvalidRequestException;
import io.redistenancy.MemorySize;
import io.redistenancy.testkit.BackendChoice;
import io.redistenancy.testkit.IsolatedRedis;
import io.redistenancy.testkit.Isolation;
import io.redistenancy.testkit.RedisTenancyTest;
import io.redistenancy.testkit.Scope;
import java.lang.reflect.Field;
import org.junit.jupiter.api.Test;

/** How a class annotation and a point's annotation merge, and how bad combinations are refused. */
class SettingsTest {
  @RedisTenancyTest(scope = Scope.CLASS, maxMemory = "16mb", plans = "classpath:plans")
  static class Annotated {
    @IsolatedRedis(maxMemory = "2mb", plan = "small") Object overrides;
    @IsolatedRedis Object inherits;
    @IsolatedRedis(scope = {Scope.METHOD, Scope.RUN}) Object twoScopes;
    @IsolatedRedis(backend = BackendChoice.LOCAL, image = "redis:7") Object localImage;
    @IsolatedRedis(databases = -1) Object negativeDatabases;
    @IsolatedRedis(scope = Scope.METHOD) static Object staticPerMethod;
    @IsolatedRedis(image = "redis:7") Object image;
    @IsolatedRedis(isolation = Isolation.FLUSHED, id = "a") Object flushedA;
    @IsolatedRedis(isolation = Isolation.FLUSHED, id = "b") Object flushedB;
    @IsolatedRedis(clientAuth = ClientAuth.REQUIRED) Object clientAuthWithoutTls;
    @IsolatedRedis(access = Access.DUAL) Object dual;
  }

  private static Settings of(String field, boolean staticField) throws NoSuchFieldException {
    Field f = Annotated.class.getDeclaredField(field);
    return Settings.of(Annotated.class.getAnnotation(RedisTenancyTest.class), f.getAnnotation(IsolatedRedis.class),
        staticField, "field " + field);
  }

  @Test
  void pointOverridesTheClassOneByOne() throws Exception {
    Settings overrides = of("overrides", false);
    assertThat(overrides.scope()).isEqualTo(Scope.CLASS);
    assertThat(overrides.plan().maxMemory()).isEqualTo(MemorySize.parse("2mb"));
    assertThat(of("inherits", false).plan().maxMemory()).isEqualTo(MemorySize.parse("16mb"));
    assertThat(overrides.plan().plan()).isEqualTo("small");
    assertThat(of("inherits", false).plan().plan()).isEmpty();
  }

  @Test
  void anImageSelectsDocker() throws Exception {
    assertThat(of("image", false).backend().choice()).isEqualTo(BackendChoice.DOCKER);
  }

  @Test
  void flushedServersAreOnePerSettingsWhateverTheId() throws Exception {
    assertThat(of("flushedA", false).leaseKey()).isEqualTo(of("flushedB", false).leaseKey());
  }

  @Test
  void refusesBadCombinationsNamingThePoint() {
    assertThatThrownBy(() -> of("twoScopes", false)).isInstanceOf(InvalidRequestException.class)
        .hasMessage("field twoScopes: scope has 2 values; give at most one");
    assertThatThrownBy(() -> of("localImage", false)).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("field localImage: image 'redis:7' is given with backend LOCAL");
    assertThatThrownBy(() -> of("negativeDatabases", false)).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("field negativeDatabases: databases -1 is negative");
    assertThatThrownBy(() -> of("staticPerMethod", true)).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("field staticPerMethod: a static field is shared by every test of the class");
    assertThatThrownBy(() -> of("clientAuthWithoutTls", false)).isInstanceOf(InvalidRequestException.class)
        .hasMessage("field clientAuthWithoutTls: clientAuth REQUIRED needs TLS; add access = Access.TLS_ONLY "
            + "(or DUAL)");
  }

  @Test
  void tlsAsksForTcp() throws Exception {
    assertThat(of("dual", false).backend().tcp()).isTrue();
    assertThat(of("dual", false).plan().access()).isEqualTo(Access.DUAL);
    assertThat(of("inherits", false).backend().tcp()).isFalse();
  }

  @Test
  void aBadPortRangeSaysWhatIsAllowed() {
    assertThat(ResolvedBackend.ports(" 31000-31099 ")).containsExactly(31000, 31099);
    assertThatThrownBy(() -> ResolvedBackend.ports("31000")).isInstanceOf(InvalidRequestException.class)
        .hasMessage("-Dredistenancy.testkit.tcp-ports=31000 is not a port range; use FIRST-LAST, e.g. 30000-32767 "
            + "(the TCP ports SHARED_SERVER and TLS instances may listen on)");
  }
}
