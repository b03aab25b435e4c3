package dev.selection.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.selection.api.AnalysisConfig;
import dev.selection.api.AudioAnalyzer;
import dev.selection.api.CancellationToken;
import dev.selection.api.ErrorCode;
import dev.selection.api.ExtractOptions;
import dev.selection.api.FileAnalysis;
import dev.selection.api.Fingerprint;
import dev.selection.api.MonoAudio;
import dev.selection.api.SelectionEngine;
import dev.selection.api.SelectionException;
import dev.selection.api.SongFeatures;
import dev.selection.api.TrackInfo;
import dev.selection.api.spi.AudioStream;
import dev.selection.api.testing.AudioFixtures;
import dev.selection.core.internal.chromaprint.ChromaprintCodec;
import dev.selection.core.samples.DemoLibrary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-file analysis API: the library engine's results, without a library. */
class AudioAnalyzerTest {
  @TempDir Path root;
  @TempDir Path music;

  private static AudioAnalyzer analyzer() {
    return AudioAnalyzer.create(AnalysisConfig.builder().embeddings(false).build());
  }

  @Test
  void analyze_givesTheFeaturesALibraryScanStores() throws Exception {
    List<DemoLibrary.Track> tracks = DemoLibrary.write(music, 1, 20, 44100, 5);
    Path file = tracks.get(0).path();
    FileAnalysis a;
    try (AudioAnalyzer analyzer = analyzer()) {
      a = analyzer.analyze(file, CancellationToken.none());
    }
    SongFeatures stored;
    try (SelectionEngine e =
        SelectionEngine.builder(root)
            .embeddings(false)
            .autoTrain(false, 20, Duration.ofSeconds(8))
            .build()) {
      e.extractFeatures(List.of(file), ExtractOptions.DEFAULTS, null, null);
      stored = e.getSongFeatures(e.songIdFor(file)).orElseThrow();
    }
    SongFeatures f = a.features();
    assertThat(f.songId()).isEqualTo(stored.songId()).isEqualTo(a.track().songId());
    assertThat(f.fileHash()).isEqualTo(stored.fileHash()).isEqualTo(a.track().fileHash());
    assertThat(f.durationSec()).isEqualTo(stored.durationSec());
    assertThat(f.bpm()).isEqualTo(stored.bpm());
    assertThat(f.key()).isEqualTo(stored.key());
    assertThat(f.loudnessLufs()).isEqualTo(stored.loudnessLufs());
    assertThat(f.timbre()).containsExactly(stored.timbre());
    assertThat(f.hpcp()).containsExactly(stored.hpcp());
    assertThat(f.chromaprintFingerprint()).isEqualTo(stored.chromaprintFingerprint());
    assertThat(f.metadata()).isEqualTo(stored.metadata());
    assertThat(a.track().metadata().title()).isEqualTo(tracks.get(0).title());
    if (f.bpm() != null) {
      assertThat(a.bpmCandidates()).first().isEqualTo(f.bpm());
    }
  }

  @Test
  void fingerprint_equalsTheOneAnalysisStores_atEveryRate() throws Exception {
    // The stand-alone fingerprint (selection fingerprint) and the analysis' one resample to 11 025
    // Hz with the same filter, so they are equal, not merely close.
    try (AudioAnalyzer analyzer = analyzer()) {
      for (int rate : new int[] {16000, 32000, 44100, 48000, 96000}) {
        Path dir = music.resolve("r" + rate);
        for (DemoLibrary.Track t : DemoLibrary.write(dir, 1, 8, rate, rate)) {
          String stored =
              analyzer
                  .analyze(t.path(), CancellationToken.none())
                  .features()
                  .chromaprintFingerprint();
          assertThat(analyzer.fingerprint(t.path(), 120).encoded())
              .as("%s at %d Hz", t.path().getFileName(), rate)
              .isEqualTo(stored);
        }
      }
    }
  }

  @Test
  void identify_decodeMono_fingerprint_andOpen_agree() throws Exception {
    Path file = DemoLibrary.write(music, 1, 12, 22050, 6).get(1).path();
    try (AudioAnalyzer analyzer = analyzer()) {
      TrackInfo info = analyzer.identify(file);
      assertThat(info.path()).isEqualTo(file);
      assertThat(info.format().sampleRateHz()).isEqualTo(22050);
      assertThat(info.format().channels()).isEqualTo(2);
      assertThat(info.durationSec()).isCloseTo(12, within(0.01));
      assertThat(info.decoder()).isNotBlank();

      MonoAudio mono = analyzer.decodeMono(file, 11025);
      assertThat(mono.songId()).isEqualTo(info.songId());
      assertThat(mono.sampleRateHz()).isEqualTo(11025);
      assertThat(mono.durationSec()).isCloseTo(12, within(0.01));

      Fingerprint fp = analyzer.fingerprint(file, 120);
      assertThat(fp.isEmpty()).isFalse();
      assertThat(fp.durationWholeSec()).isEqualTo(12);
      assertThat(ChromaprintCodec.decode(fp.encoded())).containsExactly(fp.codes());
      Fingerprint shorter = analyzer.fingerprint(file, 6);
      assertThat(shorter.codes().length).isLessThan(fp.codes().length);

      try (AudioStream s = analyzer.open(file)) {
        assertThat(s.info().sampleRateHz()).isEqualTo(22050);
        float[] buf = new float[2 * 4096];
        long frames = 0;
        int n;
        while ((n = s.read(buf, 0, 4096)) > 0) {
          frames += n;
        }
        assertThat(frames).isEqualTo(12 * 22050);
      }
      assertThat(analyzer.embeddingKinds()).isEmpty();
      assertThat(analyzer.tagNames(SongFeatures.EFFICIENTAT)).isEmpty();
    }
  }

  @Test
  void oddSampleRates_areAnalysed() throws Exception {
    // 44 056 Hz (NTSC-locked broadcast audio) and an off-by-one rate: their resampling ratios once
    // failed with internal_error (issue 17).
    try (AudioAnalyzer analyzer = analyzer()) {
      for (int rate : new int[] {44056, 48001}) {
        short[] pcm = AudioFixtures.signal16(rate, rate * 8, 2);
        Path f = AudioFixtures.wav16(music.resolve(rate + ".wav"), rate, 2, pcm);
        SongFeatures features = analyzer.analyze(f, CancellationToken.none()).features();
        assertThat(features.durationSec()).isCloseTo(8, within(0.01));
        assertThat(features.timbre()).isNotNull();
        assertThat(features.hpcp()).isNotNull();
        assertThat(features.chromaprintFingerprint()).isNotNull();
      }
    }
  }

  @Test
  void badFiles_failWithTheirCode_andTheAnalyzerGoesOn() throws Exception {
    Path good = DemoLibrary.write(music, 1, 8, 22050, 7).get(2).path();
    Path text = Files.writeString(music.resolve("notes.wav"), "not audio");
    Path empty = Files.write(music.resolve("empty.flac"), new byte[0]);
    try (AudioAnalyzer analyzer = analyzer()) {
      assertCode(ErrorCode.UNSUPPORTED_FORMAT, () -> analyzer.identify(text));
      assertCode(ErrorCode.UNSUPPORTED_FORMAT, () -> analyzer.analyze(empty, null));
      assertCode(ErrorCode.IO_ERROR, () -> analyzer.identify(music));
      assertCode(ErrorCode.IO_ERROR, () -> analyzer.fingerprint(music.resolve("gone.wav"), 10));
      assertThat(analyzer.identify(good).songId()).hasSize(64);
      assertThatThrownBy(() -> analyzer.fingerprint(good, -1))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> analyzer.decodeMono(good, 0))
          .isInstanceOf(IllegalArgumentException.class);
      CancellationToken cancelled = new CancellationToken();
      cancelled.cancel();
      assertCode(ErrorCode.CANCELLED, () -> analyzer.analyze(good, cancelled));
    }
  }

  @Test
  void close_isIdempotent_andLaterCallsAreRefused() {
    AudioAnalyzer analyzer = analyzer();
    analyzer.close();
    analyzer.close();
    assertThatThrownBy(() -> analyzer.identify(music.resolve("x.wav")))
        .isInstanceOf(IllegalStateException.class);
  }

  private static void assertCode(ErrorCode code, Runnable call) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            SelectionException.class, e -> assertThat(e.code()).isEqualTo(code));
  }
}
