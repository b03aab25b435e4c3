package dev.selection.model.efficientat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.selection.api.CancellationToken;
import dev.selection.onnx.EfficientAtFrontEnd;
import dev.selection.onnx.OnnxEfficientAtEmbedder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped ONNX is reproducible: {@code scripts/export_onnx.py} run on the committed weights
 * with Debian's {@code python3-torch} and {@code python3-onnx} gives a model with the same outputs
 * (and, with the torch version the shipped file was made with, the same bytes). Skipped with a
 * printed reason where torch is not installed.
 */
class ReExportTest {
  private static final Path MODULE = Path.of("").toAbsolutePath();

  @TempDir Path dir;

  @Test
  void exportScript_reproducesTheShippedModel() throws Exception {
    String python = pythonWithTorch();
    assumeTrue(
        python != null,
        "skipped: no python3 with torch and onnx (apt-get install "
            + "python3-torch python3-onnx) to re-export the model");
    Path pt = MODULE.resolve("src/model/mn04_as_mAP_432.pt");
    Process p =
        new ProcessBuilder(
                python,
                MODULE.resolve("scripts/export_onnx.py").toString(),
                "--pt",
                pt.toString(),
                "--out",
                dir.toString())
            .redirectErrorStream(true)
            .start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as(log).isZero();

    byte[] shipped;
    try (InputStream in = new EfficientAtMn04().open("mn04_as.onnx")) {
      shipped = in.readAllBytes();
    }
    byte[] exported = Files.readAllBytes(dir.resolve("mn04_as.onnx"));
    System.out.println(
        "ReExportTest: re-exported model is "
            + (java.util.Arrays.equals(shipped, exported)
                ? "byte-identical to"
                : "different bytes from")
            + " the shipped one; "
            + log.lines().filter(l -> l.startsWith("/") || l.startsWith("ops")).toList());
    // The outputs must agree whatever the bytes: run both on the golden log-mel input.
    float[] mel = EfficientAtModelTest.readF32("/dev/selection/onnx/efficientat/music.mel.f32");
    int frames = mel.length / EfficientAtFrontEnd.MEL_BANDS;
    try (OnnxEfficientAtEmbedder a = OnnxEfficientAtEmbedder.bundled(1, 4);
        OnnxEfficientAtEmbedder b = new OnnxEfficientAtEmbedder(dir, 1, 4)) {
      // The re-export's manifest names the labels file; give it the shipped one.
      try (InputStream in = new EfficientAtMn04().open("audioset_labels.csv")) {
        Files.copy(in, dir.resolve("audioset_labels.csv"));
      }
      OnnxEfficientAtEmbedder.Outputs x = a.runNetwork(mel, 1, frames, new CancellationToken());
      OnnxEfficientAtEmbedder.Outputs y = b.runNetwork(mel, 1, frames, new CancellationToken());
      assertThat(EfficientAtModelTest.maxDiff(x.logits()[0], y.logits()[0])).isLessThan(1e-4);
      assertThat(EfficientAtModelTest.maxDiff(x.embedding()[0], y.embedding()[0])).isLessThan(1e-5);
      assertThat(EfficientAtModelTest.maxDiff(x.hidden()[0], y.hidden()[0])).isLessThan(1e-4);
    }
  }

  private static String pythonWithTorch() {
    for (String candidate : List.of("/usr/bin/python3", "python3")) {
      try {
        Process p =
            new ProcessBuilder(candidate, "-c", "import torch, onnx")
                .redirectErrorStream(true)
                .start();
        p.getInputStream().readAllBytes();
        if (p.waitFor(2, TimeUnit.MINUTES) && p.exitValue() == 0) {
          return candidate;
        }
      } catch (IOException | InterruptedException e) {
        // Try the next one.
      }
    }
    return null;
  }
}
