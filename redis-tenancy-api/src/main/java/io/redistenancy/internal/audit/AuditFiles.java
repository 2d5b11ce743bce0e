package io.redistenancy.internal.audit;

import io.redistenancy.TenancyException;
import io.redistenancy.internal.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The audit directory: daily files {@code audit-YYYY-MM-DD.jsonl}, the {@code head} (the newest
 * line's sequence and hash, so lines removed from the end are noticed) and the {@code anchor} (the
 * last line of the newest file retention deleted, where the chain of the kept files starts).
 */
final class AuditFiles {
  /** The "previous hash" of the very first line. */
  static final String GENESIS = "0".repeat(64);
  private static final Pattern NAME = Pattern.compile("audit-(\\d{4}-\\d{2}-\\d{2})\\.jsonl");

  /** A place in the chain: a line's sequence number and the SHA-256 of its bytes. */
  record ChainPoint(long sequence, String hash) {
    static final ChainPoint START = new ChainPoint(0, GENESIS);

    String text() {
      return sequence + " " + hash + "\n";
    }

    static Optional<ChainPoint> parse(String text) {
      String[] parts = text.trim().split(" ");
      if (parts.length != 2 || !parts[1].matches("[0-9a-f]{64}") || !parts[0].matches("\\d{1,18}")) {
        return Optional.empty();
      }
      return Optional.of(new ChainPoint(Long.parseLong(parts[0]), parts[1]));
    }
  }

  /**
   * One line as stored: its number in the file (from 1), its bytes without the newline, and whether
   * a newline ended it (only the very last line of a file can lack one: a write a crash cut short).
   */
  record RawLine(long number, byte[] bytes, boolean terminated) {
    String hash() {
      return sha256(bytes);
    }
  }

  private final Path directory;

  AuditFiles(Path directory) {
    this.directory = PrivateFiles.directory(directory);
  }

  Path directory() {
    return directory;
  }

  /** The daily files, oldest first. */
  List<Path> files() {
    try (Stream<Path> list = Files.list(directory)) {
      return list.filter(p -> NAME.matcher(p.getFileName().toString()).matches()).sorted().toList();
    } catch (IOException e) {
      throw new TenancyException("Cannot list the audit directory " + directory + ": " + e.getMessage(), e);
    }
  }

  Path fileFor(LocalDate day) {
    return directory.resolve("audit-" + day + ".jsonl");
  }

  static LocalDate dayOf(Path file) {
    Matcher m = NAME.matcher(file.getFileName().toString());
    if (!m.matches()) {
      throw new IllegalArgumentException(file + " is not an audit file");
    }
    return LocalDate.parse(m.group(1));
  }

  static List<RawLine> lines(Path file) {
    byte[] all;
    try {
      all = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new TenancyException("Cannot read the audit file " + file + ": " + e.getMessage(), e);
    }
    List<RawLine> lines = new ArrayList<>();
    int start = 0;
    long number = 1;
    for (int i = 0; i < all.length; i++) {
      if (all[i] == '\n') {
        lines.add(new RawLine(number++, Arrays.copyOfRange(all, start, i), true));
        start = i + 1;
      }
    }
    if (start < all.length) {
      lines.add(new RawLine(number, Arrays.copyOfRange(all, start, all.length), false));
    }
    return lines;
  }

  Optional<ChainPoint> head() {
    return read(directory.resolve("head"));
  }

  /** Overwritten after every line, not synced: a head one line behind after a crash is expected. */
  void writeHead(ChainPoint point) {
    Path file = directory.resolve("head");
    try {
      if (!Files.exists(file)) {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PrivateFiles.FILE_0600));
      }
      Files.writeString(file, point.text(), StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new TenancyException("Cannot write the audit head " + file + ": " + e.getMessage(), e);
    }
  }

  Optional<ChainPoint> anchor() {
    return read(directory.resolve("anchor"));
  }

  void writeAnchor(ChainPoint point) {
    PrivateFiles.write(directory.resolve("anchor"), point.text());
  }

  private static Optional<ChainPoint> read(Path file) {
    try {
      return ChainPoint.parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new TenancyException("Cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
