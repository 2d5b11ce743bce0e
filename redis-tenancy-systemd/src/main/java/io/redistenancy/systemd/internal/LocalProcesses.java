package io.redistenancy.systemd.internal;

import io.redistenancy.internal.Checked;
import io.redistenancy.systemd.CommandRunner.Result;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Runs processes on this machine for {@link io.redistenancy.systemd.CommandRunner#local()}. */
public final class LocalProcesses {
  private LocalProcesses() {}

  public static Result run(List<String> argv, byte[] stdin) {
    Process process = Checked.io("run " + argv.get(0), () -> new ProcessBuilder(List.copyOf(argv)).start());
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
      throw Checked.interrupted("running " + argv.get(0), e);
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
