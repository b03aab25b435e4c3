package dev.selection.core.internal.audio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selection.api.testing.AudioFixtures;
import dev.selection.core.internal.audio.tags.Id3TestTags;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Freezes the songId definition: committed vectors whose expected hashes were computed by {@code
 * songid/make_vectors.py} (Python, independent of this code), and invariance across containers and
 * tags.
 */
class SongIdTest {
  private static final String RES = "/dev/selection/core/internal/audio/songid/";

  @TempDir Path dir;
  private final TrackIdentifier ids =
      new TrackIdentifier(DecoderRegistry.discover(), Clock.systemUTC());

  @Test
  void committedVectors_v1_matchThePythonReference() throws Exception {
    JsonNode root;
    try (InputStream in = getClass().getResourceAsStream(RES + "songid-vectors-v1.json")) {
      root = new ObjectMapper().readTree(in);
    }
    assertThat(root.get("vectors")).hasSize(4);
    for (JsonNode v : root.get("vectors")) {
      Path f = dir.resolve(v.get("file").asText());
      try (InputStream in = getClass().getResourceAsStream(RES + v.get("file").asText())) {
        Files.copy(in, f);
      }
      TrackIdentity id = ids.identify(f);
      assertThat(id.songId()).as(v.get("file").asText()).isEqualTo(v.get("songId").asText());
      assertThat(id.info().sampleRateHz()).isEqualTo(v.get("sampleRateHz").asInt());
      assertThat(id.info().channels()).isEqualTo(v.get("channels").asInt());
      assertThat(Math.round(id.durationSec() * id.info().sampleRateHz()))
          .isEqualTo(v.get("frames").asLong());
      assertThat(id.decoder()).isEqualTo("wav");
    }
  }

  @Test
  void samePcm_asWavFlacAiff_hasOneSongId_andRecordsTheDecoder() throws Exception {
    AudioFixtures.assumeTool("flac");
    AudioFixtures.assumeTool("sox");
    short[] s = AudioFixtures.signal16(31, 30_000, 2);
    Path wav = AudioFixtures.wav16(dir.resolve("a.wav"), 44100, 2, s);
    Path flac = dir.resolve("a.flac");
    AudioFixtures.run("flac", "-s", "-f", "-o", flac.toString(), wav.toString());
    Path aiff = dir.resolve("a.aiff");
    AudioFixtures.run("sox", wav.toString(), aiff.toString());
    // Content, not extension, picks the decoder: a FLAC named .mp3 is still FLAC.
    Path misnamed = dir.resolve("really-flac.mp3");
    Files.copy(flac, misnamed);

    String expected = sha256(TestAudio.le16(s));
    TrackIdentity w = ids.identify(wav);
    TrackIdentity f = ids.identify(flac);
    TrackIdentity a = ids.identify(aiff);
    TrackIdentity m = ids.identify(misnamed);
    assertThat(List.of(w.songId(), f.songId(), a.songId(), m.songId())).containsOnly(expected);
    assertThat(List.of(w.decoder(), f.decoder(), a.decoder(), m.decoder()))
        .containsExactly("wav", "flac", "aiff", "flac");
    assertThat(w.fileHash()).isEqualTo(sha256(Files.readAllBytes(wav))).isNotEqualTo(f.fileHash());
    assertThat(f.durationSec()).isEqualTo(30_000 / 44100.0);
  }

  @Test
  void sixteenBitSongId_equalsSha256OfFfmpegS16leOutput() throws Exception {
    AudioFixtures.assumeTool("ffmpeg");
    AudioFixtures.assumeTool("flac");
    short[] s = AudioFixtures.signal16(32, 20_000, 2);
    Path wav = AudioFixtures.wav16(dir.resolve("a.wav"), 44100, 2, s);
    Path flac = dir.resolve("a.flac");
    AudioFixtures.run("flac", "-s", "-f", "-8", "-o", flac.toString(), wav.toString());
    byte[] pcm =
        AudioFixtures.run("ffmpeg", "-v", "error", "-i", flac.toString(), "-f", "s16le", "-");
    assertThat(ids.identify(flac).songId()).isEqualTo(sha256(pcm));
  }

  @Test
  void retagging_keepsTheSongId_butChangesTheFileHash() throws Exception {
    AudioFixtures.assumeTool("flac");
    AudioFixtures.assumeTool("metaflac");
    short[] s = AudioFixtures.signal16(33, 10_000, 1);
    Path wav = AudioFixtures.wav16(dir.resolve("a.wav"), 22050, 1, s);
    Path flac = dir.resolve("a.flac");
    AudioFixtures.run("flac", "-s", "-f", "-o", flac.toString(), wav.toString());
    TrackIdentity before = ids.identify(flac);
    AudioFixtures.run(
        "metaflac", "--set-tag=TITLE=New title", "--set-tag=ARTIST=X", flac.toString());
    TrackIdentity after = ids.identify(flac);
    assertThat(after.songId()).isEqualTo(before.songId());
    assertThat(after.fileHash()).isNotEqualTo(before.fileHash());
    assertThat(after.tags().metadata().title()).isEqualTo("New title");

    // WAV: add a LIST/INFO chunk and an 'id3 ' chunk after the data.
    TrackIdentity wBefore = ids.identify(wav);
    byte[] info =
        WavDecoderTest.concat(
            "INFO".getBytes(StandardCharsets.US_ASCII),
            TestAudio.chunk("INAM", WavDecoderTest.z("Tagged")));
    byte[] id3 = Id3TestTags.v23(List.of(Id3TestTags.text("TPE1", "Id3 Artist")));
    Path tagged =
        TestAudio.riff(
            dir.resolve("tagged.wav"),
            TestAudio.chunk("fmt ", TestAudio.fmt(1, 1, 22050, 16)),
            TestAudio.chunk("data", TestAudio.le16(s)),
            TestAudio.chunk("LIST", info),
            TestAudio.chunk("id3 ", id3));
    TrackIdentity wAfter = ids.identify(tagged);
    assertThat(wAfter.songId()).isEqualTo(wBefore.songId());
    assertThat(wAfter.tags().metadata().title()).isEqualTo("Tagged");
    assertThat(wAfter.tags().metadata().artist()).isEqualTo("Id3 Artist");
  }

  @Test
  void twentyFourBitFlac_followsTheDocumentedRounding() throws Exception {
    AudioFixtures.assumeTool("flac");
    int[] s = TestAudio.signal24(34, 8000, 2);
    s[0] = 128; // exactly half-way: rounds up to 1
    s[1] = -128; // exactly half-way: rounds up to 0
    Path wav = TestAudio.wav24(dir.resolve("a.wav"), 48000, 2, s);
    Path flac = dir.resolve("a.flac");
    AudioFixtures.run("flac", "-s", "-f", "-o", flac.toString(), wav.toString());
    short[] canon = new short[s.length];
    for (int i = 0; i < s.length; i++) {
      canon[i] = (short) Math.max(-32768, Math.min(32767, Math.floorDiv(s[i] + 128, 256)));
    }
    assertThat(canon[0]).isEqualTo((short) 1);
    assertThat(canon[1]).isEqualTo((short) 0);
    String expected = sha256(TestAudio.le16(canon));
    assertThat(ids.identify(flac).songId()).isEqualTo(expected);
    assertThat(ids.identify(wav).songId()).isEqualTo(expected);
  }

  static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }
}
