package io.redistenancy.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redistenancy.InvalidRequestException;
import org.junit.jupiter.api.Test;

class TenantIdTest {
  @Test
  void validNameIsItsOwnString() {
    TenantId id = TenantId.of("acme-2");
    assertThat(id.value()).isEqualTo("acme-2");
    assertThat(id).hasToString("acme-2").isEqualTo(new TenantId("acme-2"));
    assertThat(TenantId.of("alpha")).isLessThan(TenantId.of("beta"));
  }

  @Test
  void invalidNameIsRefusedWithTheRule() {
    assertThatThrownBy(() -> TenantId.of("Acme")).isInstanceOf(InvalidRequestException.class)
        .hasMessage("Tenant name 'Acme' is invalid: use 2 to 32 characters of a-z, 0-9 and '-', starting with a "
            + "letter and not ending with '-'");
    assertThatThrownBy(() -> TenantId.of(null)).isInstanceOf(NullPointerException.class).hasMessage("Tenant name");
  }
}
