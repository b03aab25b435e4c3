package dev.selection.core.internal.chromaprint;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the reference {@code fpcalc} (Debian's libchromaprint-tools) and parses its text output. */
final class Fpcalc {
  private Fpcalc() {}

  /** Parsed output: DURATION and FINGERPRINT values. */
  record Output(int durationSec, String fingerprint) {
    int[] rawCodes() {
      if (fingerprint.isEmpty()) {
        return new int[0];
      }
      String[] parts = fingerprint.split(",");
      int[] codes = new int[parts.length];
      for (int i = 0; i < parts.length; i++) {
        codes[i] = (int) Long.parseLong(parts[i]);
      }
      return codes;
    }
  }

  /** Returns true when an {@code fpcalc} executable is on the PATH. */
  static boolean available() {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "fpcalc"))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Runs {@code fpcalc [args] file}; returns null when it printed no fingerprint (e.g. "Empty
   * fingerprint").
   */
  static Output run(Path file, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add("fpcalc");
    command.addAll(List.of(args));
    command.add(file.toString());
    Process process =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    byte[] out = process.getInputStream().readAllBytes();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException("fpcalc timed out");
    }
    // fpcalc 1.5.1 with FFmpeg 5 exits 3 after reporting "End of file" as a read error; the result
    // is
    // complete, so the exit code is not checked, the output is.
    Integer duration = null;
    String fingerprint = null;
    for (String line : new String(out, StandardCharsets.UTF_8).split("\n")) {
      if (line.startsWith("DURATION=")) {
        duration = Integer.parseInt(line.substring(9).trim());
      } else if (line.startsWith("FINGERPRINT=")) {
        fingerprint = line.substring(12).trim();
      }
    }
    return duration == null || fingerprint == null ? null : new Output(duration, fingerprint);
  }
}
