package io.redistenancy;

import java.util.List;

/**
 * The tenancy's audit trail: one JSON line per mutating operation (who, what, on which tenant, with
 * which non-secret parameters, the outcome and how long it took), in daily files under the home's
 * {@code audit} directory. Each line carries the SHA-256 of the line before it, across files, so an
 * edited, inserted or removed line is found by {@link #verify()}.
 */
public interface AuditTrail {
  /** The records that match {@code filter}, oldest first. */
  List<AuditRecord> query(AuditFilter filter);

  /** Reads every kept file and checks the chain of hashes; a torn last line (a crash) is told apart. */
  AuditVerification verify();
}
