package dev.selection.cli;

import dev.selection.api.AnalysisConfig;
import dev.selection.api.AudioAnalyzer;
import dev.selection.api.Fingerprint;
import dev.selection.api.SelectionException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code selection fingerprint FILE... [--raw]}: Chromaprint fingerprints in {@code fpcalc}'s text
 * format.
 *
 * <p>For one file the output is exactly {@code fpcalc}'s (chromaprint 1.5.1 {@code
 * cmd/fpcalc.cpp}): {@code DURATION=} whole seconds, truncated, then {@code FINGERPRINT=} the
 * compressed fingerprint, or with {@code --raw} the codes as unsigned decimals joined by commas.
 * {@code fpcalc} prints several files' blocks back to back without naming them; this command adds a
 * {@code FILE=} line before each block when given more than one file, as fpcalc 1.1 to 1.3 did. A
 * file that fails or is too short for a fingerprint gets an {@code ERROR:} line on stderr, the
 * others are still printed, and the exit code is 2 (fpcalc's code for errors).
 *
 * <p>Any format the decoders read; the audio is mixed to mono and resampled to 11 025 Hz with the
 * project's resampler (fpcalc uses FFmpeg's, so codes of other rates may differ in a few bits).
 */
@Command(
    name = "fingerprint",
    mixinStandardHelpOptions = true,
    description = "Print Chromaprint fingerprints of audio files, as fpcalc does.")
public final class FingerprintCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Parameters(
      arity = "1..*",
      paramLabel = "FILE",
      description = "Audio files (any format a decoder reads).")
  private List<Path> files;

  @Option(
      names = "--raw",
      description =
          "Print the raw codes (unsigned, comma-separated) instead of the compressed fingerprint.")
  private boolean raw;

  @Option(
      names = "--length",
      paramLabel = "SECS",
      defaultValue = "120",
      description =
          "Fingerprint at most the first SECS seconds; 0 for all (default: ${DEFAULT-VALUE}, as"
              + " fpcalc).")
  private double lengthSec;

  @Option(
      names = "--json",
      description =
          "Print one JSON object per file: {path, duration, fingerprint} (raw codes as an array"
              + " with --raw), or {path, error, message}.")
  private boolean json;

  /** Creates the command; picocli fills in the fields. */
  public FingerprintCommand() {}

  /**
   * Fingerprints every file and prints the results.
   *
   * @return 0 when every file was fingerprinted, 2 otherwise
   */
  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!(lengthSec >= 0) || Double.isInfinite(lengthSec)) {
      err.println("ERROR: --length must be a finite number >= 0");
      err.flush();
      return 2;
    }
    int exitCode = 0;
    try (AudioAnalyzer analyzer =
        AudioAnalyzer.create(AnalysisConfig.builder().embeddings(false).build())) {
      for (Path file : files) {
        exitCode = Math.max(exitCode, print(analyzer, file, out, err));
      }
    }
    out.flush();
    err.flush();
    return exitCode;
  }

  /** Prints one file's block; returns 0, or 2 for a failure. */
  private int print(AudioAnalyzer analyzer, Path file, PrintWriter out, PrintWriter err) {
    try {
      Fingerprint fingerprint = analyzer.fingerprint(file, lengthSec);
      if (fingerprint.isEmpty()) {
        return fail(
            file,
            "corrupt_audio",
            "Empty fingerprint (less than about 2.7 s of audio)",
            file + ": Empty fingerprint (less than about 2.7 s of audio)",
            out,
            err);
      }
      if (json) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", file.toString());
        m.put("duration", Json.round(fingerprint.durationSec()));
        m.put("fingerprint", raw ? fingerprint.codes() : fingerprint.encoded());
        out.println(Json.line(m));
        return 0;
      }
      if (files.size() > 1) {
        out.println("FILE=" + file);
      }
      out.println("DURATION=" + fingerprint.durationWholeSec());
      out.println("FINGERPRINT=" + (raw ? fingerprint.rawString() : fingerprint.encoded()));
      return 0;
    } catch (SelectionException e) {
      return fail(file, e.code().wireName(), e.getMessage(), e.getMessage(), out, err);
    }
  }

  /** Reports a failed file as a JSON line or an {@code ERROR:} line on stderr; returns 2. */
  private int fail(
      Path file, String code, String message, String text, PrintWriter out, PrintWriter err) {
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("path", file.toString());
      m.put("error", code);
      m.put("message", message);
      out.println(Json.line(m));
    } else {
      err.println("ERROR: " + text);
    }
    return 2;
  }
}
