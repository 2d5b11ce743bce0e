package io.redistenancy.benchmarks.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SharedAclOptionsTest {
  @Test
  void defaultsFollowTheIssue() {
    assertThat(SharedAcl.Options.parse()).isEqualTo(new SharedAcl.Options(1000, 50, 10_000));
    assertThat(SharedAcl.Options.parse("--total", "500", "--warmup", "0")).isEqualTo(new SharedAcl.Options(1000, 0, 500));
  }

  @Test
  void badArgumentsAreNamed() {
    assertThatThrownBy(() -> SharedAcl.Options.parse("--tenants", "5")).hasMessageStartingWith("usage: shared-acl");
    assertThatThrownBy(() -> SharedAcl.Options.parse("--n", "x")).hasMessage("--n needs a whole number; got 'x'");
    assertThatThrownBy(() -> SharedAcl.Options.parse("--total", "0")).hasMessage("--total 0 is out of range (up to 100000)");
  }
}
