package io.redistenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlanTest {
  @Test
  void defaultPlan() {
    Plan plan = Plan.DEFAULT;

    assertThat(plan.name()).isEqualTo("default");
    assertThat(plan.maxMemory()).isEqualTo(MemorySize.ofMegabytes(64));
    assertThat(plan.evictionPolicy()).isEqualTo(EvictionPolicy.NOEVICTION);
    assertThat(plan.persistence()).isEqualTo(Persistence.RDB);
    assertThat(plan.savePoints()).containsExactly(new SavePoint(3600, 1), new SavePoint(300, 100), new SavePoint(60, 10000));
    assertThat(plan.maxClients()).isEqualTo(1000);
    assertThat(plan.databases()).isEqualTo(16);
    assertThat(plan.idleTimeout()).isZero();
    assertThat(plan.tcpKeepAlive()).isEqualTo(Duration.ofSeconds(300));
    assertThat(plan).hasToString("Plan{default, maxmemory 64mb, noeviction, RDB, maxclients 1000, databases 16}");
  }

  @Test
  void builderSetsEveryValue() {
    Plan plan = Plan.builder("premium")
        .maxMemory(MemorySize.ofMegabytes(256))
        .evictionPolicy(EvictionPolicy.ALLKEYS_LFU)
        .persistence(Persistence.RDB_AND_AOF)
        .savePoints(List.of(new SavePoint(900, 1)))
        .maxClients(100_000)
        .databases(1)
        .idleTimeout(Duration.ofSeconds(365L * 24 * 3600))
        .tcpKeepAlive(Duration.ZERO)
        .build();

    assertThat(plan.name()).isEqualTo("premium");
    assertThat(plan.maxMemory()).isEqualTo(MemorySize.ofMegabytes(256));
    assertThat(plan.evictionPolicy()).isEqualTo(EvictionPolicy.ALLKEYS_LFU);
    assertThat(plan.persistence()).isEqualTo(Persistence.RDB_AND_AOF);
    assertThat(plan.savePoints()).containsExactly(new SavePoint(900, 1));
    assertThat(plan.maxClients()).isEqualTo(100_000);
    assertThat(plan.databases()).isEqualTo(1);
    assertThat(plan.idleTimeout()).isEqualTo(Duration.ofDays(365));
    assertThat(plan.tcpKeepAlive()).isZero();
    assertThat(plan.toBuilder().build()).isEqualTo(plan).hasSameHashCodeAs(plan);
  }

  @ParameterizedTest
  @ValueSource(strings = {"../x", "A*", "p", "Premium", "pre mium", "premium-", "-premium", "9plans", "pre_mium"})
  void builderRefusesInvalidNames(String name) {
    assertThatThrownBy(() -> Plan.builder(name)).isInstanceOf(InvalidRequestException.class)
        .hasMessage("Plan name '" + name + "' is invalid: use 2 to 32 characters of a-z, 0-9 and '-', starting with a "
            + "letter and not ending with '-'");
  }

  @Test
  void rangeChecksSayWhichSettingWhichValueAndWhy() {
    Plan.Builder b = Plan.builder("premium");
    assertRefused(() -> b.maxMemory(MemorySize.ofKilobytes(1023)),
        "maxMemory 1023k is below the minimum of 1mb (a tenant is never unlimited)");
    assertRefused(() -> b.maxMemory(MemorySize.ZERO), "maxMemory 0b is below the minimum of 1mb (a tenant is never unlimited)");
    assertRefused(() -> b.maxClients(0), "maxClients 0 is out of range; allowed 1 to 100000");
    assertRefused(() -> b.maxClients(100_001), "maxClients 100001 is out of range; allowed 1 to 100000");
    assertRefused(() -> b.databases(0), "databases 0 is out of range; allowed 1 to 1024");
    assertRefused(() -> b.databases(1025), "databases 1025 is out of range; allowed 1 to 1024");
    assertRefused(() -> b.savePoints(List.of()),
        "savePoints is empty; to take no snapshots use Persistence.NONE or an AOF mode");
    assertRefused(() -> b.idleTimeout(Duration.ofSeconds(-1)), "idleTimeout PT-1S is invalid; use whole seconds from 0 to a year");
    assertRefused(() -> b.idleTimeout(Duration.ofMillis(1500)),
        "idleTimeout PT1.5S is invalid; use whole seconds from 0 to a year");
    assertRefused(() -> b.tcpKeepAlive(Duration.ofDays(366)),
        "tcpKeepAlive PT8784H is invalid; use whole seconds from 0 to a year");
    assertThat(b.build()).isEqualTo(Plan.builder("premium").build()); // refused values left nothing behind
  }

  @Test
  void hzDefaultsToRedisOwnAndKeepsToRedisBounds() {
    assertThat(Plan.DEFAULT.hz()).isEqualTo(10);
    Plan.Builder b = Plan.builder("dense");
    assertThat(b.hz(1).build().hz()).isEqualTo(1);
    assertThat(b.hz(500).build().hz()).isEqualTo(500);
    assertRefused(() -> b.hz(0), "hz 0 is out of range; allowed 1 to 500");
    assertRefused(() -> b.hz(501), "hz 501 is out of range; allowed 1 to 500");
    Plan five = b.hz(5).build();
    assertThat(five.toBuilder().build()).isEqualTo(five).hasSameHashCodeAs(five).isNotEqualTo(b.hz(6).build());
  }

  @Test
  void boundariesAreAccepted() {
    Plan plan = Plan.builder("premium").maxMemory(Plan.Builder.MIN_MAX_MEMORY).maxClients(1).databases(1024)
        .idleTimeout(Duration.ofDays(365)).build();
    assertThat(plan.maxMemory()).isEqualTo(MemorySize.ofMegabytes(1));
    assertThat(plan.databases()).isEqualTo(1024);
  }

  @Test
  void nullsAreProgrammingErrorsNamingTheSetting() {
    Plan.Builder b = Plan.builder("premium");
    assertThatThrownBy(() -> b.maxMemory(null)).isInstanceOf(NullPointerException.class).hasMessage("maxMemory");
    assertThatThrownBy(() -> b.evictionPolicy(null)).isInstanceOf(NullPointerException.class).hasMessage("evictionPolicy");
    assertThatThrownBy(() -> b.persistence(null)).isInstanceOf(NullPointerException.class).hasMessage("persistence");
    assertThatThrownBy(() -> b.savePoints(null)).isInstanceOf(NullPointerException.class).hasMessage("savePoints");
    assertThatThrownBy(() -> b.savePoints(Arrays.asList(new SavePoint(1, 1), null))).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> b.idleTimeout(null)).isInstanceOf(NullPointerException.class).hasMessage("idleTimeout");
    assertThatThrownBy(() -> b.tcpKeepAlive(null)).isInstanceOf(NullPointerException.class).hasMessage("tcpKeepAlive");
    assertThatThrownBy(() -> Plan.builder(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void plansAreImmutableAndBuildLeavesTheBuilderUsable() {
    List<SavePoint> points = new ArrayList<>(List.of(new SavePoint(900, 1)));
    Plan.Builder b = Plan.builder("premium").savePoints(points);
    Plan first = b.build();
    points.add(new SavePoint(60, 1));
    b.maxClients(5);
    Plan second = b.build();

    assertThat(first.savePoints()).containsExactly(new SavePoint(900, 1));
    assertThatThrownBy(() -> first.savePoints().add(new SavePoint(1, 1))).isInstanceOf(UnsupportedOperationException.class);
    assertThat(first.maxClients()).isEqualTo(1000);
    assertThat(second.maxClients()).isEqualTo(5);
  }

  @Test
  void toBuilderCopiesAndLeavesTheOriginalAlone() {
    Plan original = Plan.builder("premium").maxMemory(MemorySize.ofMegabytes(128)).build();
    Plan changed = original.toBuilder().maxMemory(MemorySize.ofMegabytes(512)).build();

    assertThat(original.maxMemory()).isEqualTo(MemorySize.ofMegabytes(128));
    assertThat(changed.maxMemory()).isEqualTo(MemorySize.ofMegabytes(512));
    assertThat(changed.name()).isEqualTo("premium");
  }

  @Test
  void equalityCoversEveryValue() {
    Plan base = Plan.builder("premium").build();
    List<UnaryOperator<Plan.Builder>> changes = List.of(
        b -> b.maxMemory(MemorySize.ofMegabytes(65)),
        b -> b.evictionPolicy(EvictionPolicy.ALLKEYS_LRU),
        b -> b.persistence(Persistence.NONE),
        b -> b.savePoints(List.of(new SavePoint(1, 1))),
        b -> b.maxClients(999),
        b -> b.databases(15),
        b -> b.idleTimeout(Duration.ofSeconds(1)),
        b -> b.tcpKeepAlive(Duration.ofSeconds(1)));
    for (UnaryOperator<Plan.Builder> change : changes) {
      assertThat(change.apply(base.toBuilder()).build()).isNotEqualTo(base);
    }
    assertThat(Plan.builder("other").build()).isNotEqualTo(base);
    assertThat(Plan.builder("premium").build()).isEqualTo(base).hasSameHashCodeAs(base);
  }

  private static void assertRefused(Runnable call, String message) {
    assertThatThrownBy(call::run).isInstanceOf(InvalidRequestException.class).hasMessage(message);
  }
}
