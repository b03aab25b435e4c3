package dev.selection.core.internal.audio.lossy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selection.core.internal.audio.DecoderRegistry;
import dev.selection.core.internal.audio.TrackIdentifier;
import dev.selection.core.internal.audio.TrackIdentity;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Freezes the songIds of MP3 files: committed MPEG audio files whose expected ids (SHA-256 of the
 * canonical 16-bit PCM of our decoder, "mp3/2") were written by {@code mp3/make_mp3_vectors.py},
 * which also checked that PCM against FFmpeg or mpg123 (at most 1 LSB apart). A change of the
 * decoder's output fails here: bump {@link Mp3Decoder#VERSION} and regenerate, and the library
 * migration takes care of stored ids.
 */
class Mp3SongIdVectorsTest {
  static final String RES = "/dev/selection/core/internal/audio/lossy/mp3/";

  @TempDir Path dir;

  /** Copies a committed MP3 vector to {@code dir} and returns it. */
  static Path vector(Path dir, String name) throws Exception {
    Path f = dir.resolve(name);
    try (InputStream in = Mp3SongIdVectorsTest.class.getResourceAsStream(RES + name)) {
      Files.copy(in, f);
    }
    return f;
  }

  @Test
  void committedVectors_v2_keepTheirSongIds() throws Exception {
    JsonNode root;
    try (InputStream in = getClass().getResourceAsStream(RES + "mp3-songid-vectors-v2.json")) {
      root = new ObjectMapper().readTree(in);
    }
    assertThat(root.get("decoder").asText()).isEqualTo("mp3/" + Mp3Decoder.VERSION);
    assertThat(root.get("vectors")).hasSize(5);
    TrackIdentifier ids = new TrackIdentifier(DecoderRegistry.discover(), Clock.systemUTC());
    for (JsonNode v : root.get("vectors")) {
      String name = v.get("file").asText();
      TrackIdentity id = ids.identify(vector(dir, name));
      assertThat(id.songId()).as(name).isEqualTo(v.get("songId").asText());
      assertThat(id.decoder()).isEqualTo("mp3/2");
      assertThat(id.info().sampleRateHz()).isEqualTo(v.get("sampleRateHz").asInt());
      assertThat(id.info().channels()).isEqualTo(v.get("channels").asInt());
      assertThat(Math.round(id.durationSec() * id.info().sampleRateHz()))
          .isEqualTo(v.get("frames").asLong());
      if (name.contains("tagged")) {
        assertThat(id.tags().metadata().title()).isEqualTo("Vector");
        assertThat(id.tags().metadata().artist()).isEqualTo("Selection");
      }
    }
  }
}
