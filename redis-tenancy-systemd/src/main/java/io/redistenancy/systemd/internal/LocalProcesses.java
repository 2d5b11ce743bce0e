package io.redistenancy.systemd.internal;

import io.redistenancy.systemd.CommandRunner.Result;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Runs processes on this machine for {@link io.redistenancy.systemd.CommandRunner#local()}. */
public final class LocalProcesses {
  private LocalProcesses() {}

  public static Result run(List<String> argv, byte[] stdin) {
    Process process;
    try {
      process = new ProcessBuilder(List.copyOf(argv)).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + argv.get(0) + ": " + e.getMessage(), e);
    }
    CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> drain(process.getErrorStream()));
    try (OutputStream in = process.getOutputStream()) {
      in.write(stdin);
    } catch (IOException e) {
      // the command closed its input early; its exit status says what happened
    }
    byte[] out = drain(process.getInputStream());
    try {
      int code = process.waitFor();
      return new Result(code, new String(out, StandardCharsets.UTF_8), new String(err.join(), StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new IOException("interrupted while running " + argv.get(0)));
    }
  }

  private static byte[] drain(InputStream stream) {
    try (stream; ByteArrayOutputStream buffer = new ByteArrayOutputStream()) {
      stream.transferTo(buffer);
      return buffer.toByteArray();
    } catch (IOException e) {
      return new byte[0];
    }
  }
}
