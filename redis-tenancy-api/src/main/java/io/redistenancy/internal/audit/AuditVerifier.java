package io.redistenancy.internal.audit;

import io.redistenancy.AuditRecord;
import io.redistenancy.AuditVerification;
import io.redistenancy.AuditVerification.Kind;
import io.redistenancy.AuditVerification.Problem;
import io.redistenancy.internal.audit.AuditFiles.ChainPoint;
import io.redistenancy.internal.audit.AuditFiles.RawLine;
import io.redistenancy.internal.audit.AuditLineCodec.Decoded;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Walks the chain of every kept file. A line that is not a complete record is a torn line (a crash
 * while writing) only where a crash can leave one: at the very end of the trail, or right before the
 * {@code audit.recovered} record that names its hash; anywhere else it is tampering.
 */
final class AuditVerifier {
  private final AuditFiles files;
  private final List<Problem> problems = new ArrayList<>();
  private ChainPoint expected;
  private String expectedAt = "the start of the trail";
  private Problem pendingTorn;
  private String pendingTornHash;
  private long lines;

  AuditVerifier(AuditFiles files) {
    this.files = files;
  }

  AuditVerification run() {
    expected = files.anchor().orElse(ChainPoint.START);
    List<Path> all = files.files();
    for (int f = 0; f < all.size(); f++) {
      String name = all.get(f).getFileName().toString();
      List<RawLine> fileLines = AuditFiles.lines(all.get(f));
      for (RawLine line : fileLines) {
        lines++;
        boolean endOfTrail = f == all.size() - 1 && line.number() == fileLines.size();
        check(name, line, endOfTrail);
      }
    }
    if (pendingTorn != null) {
      problems.add(pendingTorn);
    }
    checkHead();
    return new AuditVerification(lines, problems);
  }

  private void check(String file, RawLine line, boolean endOfTrail) {
    Optional<Decoded> decoded = AuditLineCodec.decode(line.bytes());
    if (decoded.isEmpty()) {
      notARecord(file, line, endOfTrail);
      return;
    }
    AuditRecord record = decoded.get().record();
    if (pendingTorn != null) {
      boolean closesIt = record.operation().equals(AuditOperation.AUDIT_RECOVERED.code())
          && pendingTornHash.equals(record.parameters().get("tornSha256"));
      problems.add(closesIt ? pendingTorn : new Problem(pendingTorn.file(), pendingTorn.line(), Kind.TAMPERED,
          "not a complete audit record, and no audit.recovered record follows it: edited or inserted"));
      pendingTorn = null;
    }
    if (record.operation().equals(AuditOperation.AUDIT_TRUNCATED.code())) {
      problems.add(new Problem(file, line.number(), Kind.TAMPERED, "when the home was opened the trail ended at "
          + "sequence " + record.parameters().get("foundSequence") + " but had reached sequence "
          + record.parameters().get("headSequence") + ": lines at its end had been removed"));
    }
    chain(file, line, record, decoded.get().previousHash());
  }

  private void notARecord(String file, RawLine line, boolean endOfTrail) {
    if (pendingTorn != null) {
      problems.add(new Problem(pendingTorn.file(), pendingTorn.line(), Kind.TAMPERED,
          "not a complete audit record: edited or inserted"));
    }
    if (endOfTrail && !line.terminated()) {
      pendingTorn = new Problem(file, line.number(), Kind.TORN, "the last line is incomplete (" + line.bytes().length
          + " bytes): the process stopped while writing it; the next open closes it and goes on");
    } else {
      pendingTorn = new Problem(file, line.number(), Kind.TORN, "an incomplete line (" + line.bytes().length
          + " bytes) that a crash cut short; the library closed it when the home was opened next");
    }
    pendingTornHash = line.hash();
  }

  private void chain(String file, RawLine line, AuditRecord record, String previousHash) {
    long wanted = expected.sequence() + 1;
    String here = file + " line " + line.number();
    if (record.sequence() > wanted) {
      problems.add(new Problem(file, line.number(), Kind.TAMPERED, "sequence " + record.sequence() + " follows "
          + expected.sequence() + " (" + expectedAt + "): " + (record.sequence() - wanted) + " line(s) before it were removed"));
    } else if (record.sequence() < wanted) {
      problems.add(new Problem(file, line.number(), Kind.TAMPERED, "sequence " + record.sequence() + " after "
          + expected.sequence() + " (" + expectedAt + "): an inserted or copied line"));
    } else if (!previousHash.equals(expected.hash())) {
      problems.add(new Problem(file, line.number(), Kind.TAMPERED, "the line before it (" + expectedAt
          + ") was edited: its SHA-256 no longer matches the one this line recorded"));
    }
    expected = new ChainPoint(record.sequence(), line.hash());
    expectedAt = here;
  }

  /** The head names the newest line written; a trail that ends before it lost lines at its end. */
  private void checkHead() {
    files.head().ifPresent(head -> {
      if (head.sequence() > expected.sequence()) {
        problems.add(new Problem("head", 1, Kind.TAMPERED, "the trail ends at sequence " + expected.sequence()
            + " (" + expectedAt + ") but had reached " + head.sequence() + ": lines at its end were removed"));
      } else if (head.sequence() == expected.sequence() && !head.hash().equals(expected.hash())) {
        problems.add(new Problem("head", 1, Kind.TAMPERED, "the last line (" + expectedAt + ") was edited: its "
            + "SHA-256 no longer matches the head's"));
      }
    });
  }
}
