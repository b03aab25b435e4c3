package dev.selection.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/**
 * Compares the Java front end with an independent numpy double-precision reference ({@code
 * src/test/resources/dev/selection/onnx/make_golden_frontend.py}).
 */
class OpenL3FrontEndTest {
  private static final double TOLERANCE_DB = 1e-3;

  @Test
  void compute_zeroPadding_matchesNumpyReference() throws IOException {
    float[] expected = readF32("frontend-v1-zeros.f32");
    float[] actual = new float[OpenL3FrontEnd.VALUES_PER_WINDOW];
    new OpenL3FrontEnd(OpenL3FrontEnd.Padding.ZEROS).compute(readInput(), 0, actual, 0);
    assertThat(maxAbsDiff(expected, actual)).isLessThanOrEqualTo(TOLERANCE_DB);
  }

  @Test
  void compute_reflectPadding_matchesNumpyReference() throws IOException {
    float[] expected = readF32("frontend-v1-reflect.f32");
    float[] actual = new float[OpenL3FrontEnd.VALUES_PER_WINDOW];
    new OpenL3FrontEnd(OpenL3FrontEnd.Padding.REFLECT).compute(readInput(), 0, actual, 0);
    assertThat(maxAbsDiff(expected, actual)).isLessThanOrEqualTo(TOLERANCE_DB);
    // The two paddings differ only in the edge frames, so the test above really tests REFLECT.
    float[] zeros = readF32("frontend-v1-zeros.f32");
    assertThat(maxAbsDiff(zeros, expected)).isGreaterThan(0.1);
  }

  @Test
  void compute_pureSine_reachesTheEightyDbFloorLikeReference() throws IOException {
    float[] expected = readF32("frontend-v1-sine.f32");
    float[] sine = new float[48_000];
    for (int n = 0; n < sine.length; n++) {
      sine[n] = (float) (0.5 * Math.sin(2 * Math.PI * 1000 * n / 48_000.0));
    }
    float[] actual = new float[OpenL3FrontEnd.VALUES_PER_WINDOW];
    new OpenL3FrontEnd().compute(sine, 0, actual, 0);
    assertThat(maxAbsDiff(expected, actual)).isLessThanOrEqualTo(TOLERANCE_DB);
    int floored = 0;
    for (float v : actual) {
      assertThat(v).isBetween(-80f, 0f);
      floored += v == -80f ? 1 : 0;
    }
    assertThat(floored).isGreaterThan(1000);
  }

  @Test
  void compute_offsetIntoLongerSignal_equalsWindowCopiedOut() throws IOException {
    float[] window = readInput();
    float[] longer = new float[window.length + 12_345];
    System.arraycopy(window, 0, longer, 12_345, window.length);
    float[] a = new float[OpenL3FrontEnd.VALUES_PER_WINDOW];
    float[] b = new float[OpenL3FrontEnd.VALUES_PER_WINDOW * 2];
    OpenL3FrontEnd frontEnd = new OpenL3FrontEnd();
    frontEnd.compute(window, 0, a, 0);
    frontEnd.compute(longer, 12_345, b, OpenL3FrontEnd.VALUES_PER_WINDOW);
    for (int i = 0; i < a.length; i++) {
      assertThat(b[OpenL3FrontEnd.VALUES_PER_WINDOW + i]).isEqualTo(a[i]);
    }
  }

  @Test
  void compute_silence_isAllZeroDbWithoutNan() {
    float[] out = new float[OpenL3FrontEnd.VALUES_PER_WINDOW];
    new OpenL3FrontEnd().compute(new float[100], 0, out, 0);
    for (float v : out) {
      assertThat(v).isEqualTo(0f);
    }
  }

  @Test
  void slaneyFilterbank_bandEdgesFollowSlaneyScale() {
    assertThat(OpenL3FrontEnd.hzToMelSlaney(1000))
        .isCloseTo(15.0, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(OpenL3FrontEnd.melToHzSlaney(OpenL3FrontEnd.hzToMelSlaney(6400)))
        .isCloseTo(6400, org.assertj.core.data.Offset.offset(1e-9));
    double[][] w = OpenL3FrontEnd.slaneyMelFilterbank(48_000, 2048, 256, 0, 24_000);
    assertThat(w).hasNumberOfRows(256);
    assertThat(w[0]).hasSize(1025);
  }

  static float[] readInput() throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(read("frontend-v1-input.s16")).order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[buf.remaining() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = buf.getShort() / 32768f;
    }
    return out;
  }

  static float[] readF32(String name) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(read(name)).order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[buf.remaining() / 4];
    buf.asFloatBuffer().get(out);
    return out;
  }

  private static byte[] read(String name) throws IOException {
    try (InputStream in = OpenL3FrontEndTest.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("missing test resource " + name);
      }
      return in.readAllBytes();
    }
  }

  private static double maxAbsDiff(float[] a, float[] b) {
    assertThat(b).hasSameSizeAs(a);
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs((double) a[i] - b[i]));
    }
    return max;
  }
}
