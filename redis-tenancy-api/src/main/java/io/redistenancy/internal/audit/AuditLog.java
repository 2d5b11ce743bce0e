package io.redistenancy.internal.audit;

import io.redistenancy.AuditFilter;
import io.redistenancy.AuditRecord;
import io.redistenancy.AuditTrail;
import io.redistenancy.AuditVerification;
import io.redistenancy.TenancyException;
import io.redistenancy.internal.PrivateFiles;
import io.redistenancy.internal.audit.AuditFiles.ChainPoint;
import io.redistenancy.internal.audit.AuditFiles.RawLine;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail's files under {@code HOME/audit}: appends one line per record (serialized, so
 * concurrent operations make one valid chain; each line forced to disk), rolls over daily (UTC),
 * deletes files older than the retention, and on open closes a line a crash tore and notices lines
 * removed from the end.
 */
public final class AuditLog implements AuditTrail, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

  private final AuditFiles files;
  private final Clock clock;
  private final Duration retention;
  private ChainPoint last;
  private Path current;
  private FileChannel channel;

  private AuditLog(AuditFiles files, Clock clock, Duration retention) {
    this.files = files;
    this.clock = clock;
    this.retention = retention;
  }

  /** Opens (creating 0700) {@code directory}, repairs a torn end and applies the retention. */
  public static AuditLog open(Path directory, Clock clock, Duration retention) {
    AuditLog log = new AuditLog(new AuditFiles(directory), clock, retention);
    synchronized (log) {
      log.recover();
      log.applyRetention();
    }
    return log;
  }

  /** Appends {@code record} (its sequence is assigned here) and returns it as written. */
  public synchronized AuditRecord append(AuditRecord record) {
    LocalDate day = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    Path target = files.fileFor(day);
    if (current != null && target.compareTo(current) < 0) {
      target = current; // a clock that went back never writes into an older file: the chain is in file order
    }
    boolean newFile = !target.equals(current);
    AuditRecord numbered = new AuditRecord(last.sequence() + 1, record.time(), record.actor(), record.operation(),
        record.tenant(), record.parameters(), record.error(), record.duration());
    write(target, AuditLineCodec.encode(numbered, last.hash()), numbered.sequence());
    if (newFile) {
      applyRetention();
    }
    return numbered;
  }

  @Override
  public List<AuditRecord> query(AuditFilter filter) {
    List<AuditRecord> found = new ArrayList<>();
    for (Path file : files.files()) {
      LocalDate day = AuditFiles.dayOf(file);
      // a file holds lines of its day, and (after a crash) a recovery line of a later one: skip only older days
      if (filter.until().map(t -> day.isAfter(LocalDate.ofInstant(t, ZoneOffset.UTC))).orElse(false)) {
        continue;
      }
      for (RawLine line : AuditFiles.lines(file)) {
        AuditLineCodec.decode(line.bytes()).map(AuditLineCodec.Decoded::record).filter(filter::matches)
            .ifPresent(found::add);
      }
    }
    return found;
  }

  @Override
  public AuditVerification verify() {
    synchronized (this) {
      return new AuditVerifier(files).run();
    }
  }

  @Override
  public synchronized void close() {
    closeChannel();
  }

  private void write(Path target, byte[] line, long sequence) {
    try {
      FileChannel out = channelFor(target);
      ByteBuffer buffer = ByteBuffer.allocate(line.length + 1).put(line).put((byte) '\n').flip();
      while (buffer.hasRemaining()) {
        out.write(buffer);
      }
      out.force(false);
    } catch (IOException e) {
      throw new TenancyException("Cannot append to the audit trail " + target + ": " + e.getMessage(), e);
    }
    last = new ChainPoint(sequence, AuditFiles.sha256(line));
    files.writeHead(last);
  }

  private FileChannel channelFor(Path target) throws IOException {
    if (!target.equals(current)) {
      closeChannel();
      channel = FileChannel.open(target, Set.of(StandardOpenOption.CREATE, StandardOpenOption.APPEND,
          StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(PrivateFiles.FILE_0600));
      current = target;
    }
    return channel;
  }

  private void closeChannel() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        LOG.warn("Closing the audit file {} failed", current, e);
      }
      channel = null;
      current = null;
    }
  }

  /** Finds the newest complete line; closes a torn one after it; records lines missing at the end. */
  private void recover() {
    last = files.anchor().orElse(ChainPoint.START);
    List<Path> all = files.files();
    RawLine torn = null;
    Path tornFile = null;
    for (Path file : all) {
      for (RawLine line : AuditFiles.lines(file)) {
        Optional<AuditLineCodec.Decoded> decoded = AuditLineCodec.decode(line.bytes());
        if (decoded.isPresent()) {
          last = new ChainPoint(decoded.get().record().sequence(), line.hash());
        } else if (!line.terminated()) {
          torn = line;
          tornFile = file;
        }
      }
    }
    if (!all.isEmpty()) {
      Path newest = all.get(all.size() - 1);
      terminateLastLine(newest);
      current = null;
      if (torn != null && tornFile.equals(newest)) {
        LOG.warn("The audit trail's last line ({} bytes in {}) was torn by a crash; closed it and going on",
            torn.bytes().length, newest.getFileName());
        appendSelf(newest, AuditOperation.AUDIT_RECOVERED, AuditParameters.none()
            .count("tornBytes", torn.bytes().length).digest("tornSha256", HexFormat.of().parseHex(torn.hash())));
      }
    }
    ChainPoint found = last;
    files.head().filter(head -> head.sequence() > found.sequence()).ifPresent(head -> {
      LOG.error("The audit trail ends at sequence {} but its head says {}: lines were removed from its end",
          found.sequence(), head.sequence());
      appendSelf(all.isEmpty() ? files.fileFor(today()) : all.get(all.size() - 1), AuditOperation.AUDIT_TRUNCATED,
          AuditParameters.none().count("headSequence", head.sequence()).count("foundSequence", found.sequence()));
    });
  }

  private void appendSelf(Path file, AuditOperation operation, AuditParameters parameters) {
    AuditRecord record = new AuditRecord(last.sequence() + 1, clock.instant(), AuditRecord.LIBRARY, operation.code(),
        Optional.empty(), parameters.values(), Optional.empty(), Duration.ZERO);
    write(file, AuditLineCodec.encode(record, last.hash()), record.sequence());
  }

  /** A torn line without its newline would merge with the next one: end it first. */
  private static void terminateLastLine(Path file) {
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = out.size();
      ByteBuffer lastByte = ByteBuffer.allocate(1);
      if (size > 0 && out.read(lastByte, size - 1) == 1 && lastByte.get(0) != '\n') {
        out.write(ByteBuffer.wrap(new byte[] {'\n'}), size);
        out.force(false);
      }
    } catch (IOException e) {
      throw new TenancyException("Cannot repair the audit file " + file + ": " + e.getMessage(), e);
    }
  }

  /** Deletes daily files older than the retention (never the newest), moving the anchor past each. */
  private void applyRetention() {
    LocalDate oldestKept = today().minusDays(retention.toDays());
    List<Path> all = files.files();
    for (int i = 0; i < all.size() - 1 && AuditFiles.dayOf(all.get(i)).isBefore(oldestKept); i++) {
      Path file = all.get(i);
      Optional<ChainPoint> end = lastComplete(file);
      end.ifPresent(files::writeAnchor);
      try {
        Files.delete(file);
        LOG.info("Deleted the audit file {}: older than the retention of {} days", file.getFileName(), retention.toDays());
      } catch (IOException e) {
        LOG.warn("Cannot delete the expired audit file {}", file, e);
        return;
      }
    }
  }

  private static Optional<ChainPoint> lastComplete(Path file) {
    ChainPoint point = null;
    for (RawLine line : AuditFiles.lines(file)) {
      Optional<AuditLineCodec.Decoded> decoded = AuditLineCodec.decode(line.bytes());
      if (decoded.isPresent()) {
        point = new ChainPoint(decoded.get().record().sequence(), line.hash());
      }
    }
    return Optional.ofNullable(point);
  }

  private LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
  }
}
