package dev.selection.core.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoLibraryTest {
  @TempDir Path dir;

  @Test
  void write_isDeterministicAndReadableByTheJdk() throws Exception {
    List<DemoLibrary.Track> a = DemoLibrary.write(dir.resolve("a"), 2, 3.0, 22050, 42);
    List<DemoLibrary.Track> b = DemoLibrary.write(dir.resolve("b"), 2, 3.0, 22050, 42);
    assertThat(a).hasSize(2 * DemoStyle.values().length);
    for (int i = 0; i < a.size(); i++) {
      assertThat(sha(a.get(i).path())).isEqualTo(sha(b.get(i).path()));
    }
    try (AudioInputStream in = AudioSystem.getAudioInputStream(a.get(0).path().toFile())) {
      AudioFormat f = in.getFormat();
      assertThat(f.getChannels()).isEqualTo(2);
      assertThat(f.getSampleRate()).isEqualTo(22050f);
      assertThat(in.getFrameLength()).isEqualTo(3 * 22050);
    }
    String bytes = new String(Files.readAllBytes(a.get(0).path()), "ISO-8859-1");
    assertThat(bytes).contains("INFO", "INAM", "Techno Study No. 1", "Demo Techno Unit");
  }

  @Test
  void styles_differInBrightness() {
    double techno = zeroCrossingRate(new DemoSynth(DemoStyle.TECHNO, 22050, 4, 1).render());
    double ambient = zeroCrossingRate(new DemoSynth(DemoStyle.AMBIENT, 22050, 4, 1).render());
    double chip = zeroCrossingRate(new DemoSynth(DemoStyle.CHIPTUNE, 22050, 4, 1).render());
    assertThat(chip).isGreaterThan(ambient);
    assertThat(techno).isNotEqualTo(ambient);
  }

  @Test
  void differentSeeds_giveDifferentTracksOfOneStyle() {
    float[] x = new DemoSynth(DemoStyle.FOLK, 22050, 2, 1).render();
    float[] y = new DemoSynth(DemoStyle.FOLK, 22050, 2, 2).render();
    assertThat(x).isNotEqualTo(y);
    for (float v : x) {
      assertThat(Float.isFinite(v)).isTrue();
      assertThat(Math.abs(v)).isLessThanOrEqualTo(0.9f);
    }
  }

  private static double zeroCrossingRate(float[] x) {
    int z = 0;
    for (int i = 1; i < x.length; i++) {
      if ((x[i - 1] < 0) != (x[i] < 0)) {
        z++;
      }
    }
    return (double) z / x.length;
  }

  private static String sha(Path p) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
  }
}
