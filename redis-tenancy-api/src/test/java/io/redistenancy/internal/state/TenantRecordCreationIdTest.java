package io.redistenancy.internal.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.redistenancy.Plan;
import io.redistenancy.spi.TenantId;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Every tenant record has a creation id: a new random one, or for a record from before them a derived one. */
class TenantRecordCreationIdTest {
  private final ObjectMapper mapper = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  @Test
  void eachCreationGetsItsOwnIdAndItSurvivesAWriteAndRead() throws Exception {
    Instant now = Instant.parse("2026-11-24T10:00:00Z");
    TenantRecord first = TenantRecord.creating(TenantId.of("acme"), Plan.builder("basic").build(), java.util.List.of(), now);
    TenantRecord second = TenantRecord.creating(TenantId.of("acme"), Plan.builder("basic").build(), java.util.List.of(), now);

    assertThat(first.creationId()).hasSize(24).isNotEqualTo(second.creationId());
    TenantRecord read = mapper.readValue(mapper.writeValueAsBytes(first.done()), TenantRecord.class);
    assertThat(read.creationId()).isEqualTo(first.creationId());
  }

  @Test
  void aRecordWithoutOneGetsTheSameDerivedIdOnEveryRead() throws Exception {
    TenantRecord record = TenantRecord.creating(TenantId.of("acme"), Plan.builder("basic").build(), java.util.List.of(),
        Instant.parse("2026-11-24T10:00:00Z")).done();
    String old = mapper.writeValueAsString(record).replaceAll(",?\"creationId\":\"[0-9a-f]+\"", "");
    assertThat(old).doesNotContain("creationId");

    String once = mapper.readValue(old, TenantRecord.class).creationId();
    String again = mapper.readValue(old, TenantRecord.class).creationId();
    assertThat(once).startsWith("legacy-").isEqualTo(again);
    String otherCreation = mapper.readValue(old.replace("2026-11-24T10:00:00Z", "2026-11-25T10:00:00Z"),
        TenantRecord.class).creationId();
    assertThat(otherCreation).isNotEqualTo(once);
  }
}
