package dev.selection.core.samples;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes a demo library of generated tracks: one folder per {@link DemoStyle}, 16-bit stereo WAV
 * files with RIFF INFO tags (title, artist, album, genre, year). Deterministic for a given seed.
 */
public final class DemoLibrary {
  private DemoLibrary() {}

  /**
   * One generated track.
   *
   * @param path the WAV file
   * @param style its style (the demo's ground-truth group)
   * @param index its number within the style, from 1
   * @param title its title tag
   */
  public record Track(Path path, DemoStyle style, int index, String title) {}

  /**
   * Writes {@code perStyle} tracks of every style under {@code dir}. Existing files of the same
   * name are kept (the same seed writes the same bytes), so a second call is cheap.
   *
   * @return the tracks, style by style
   * @throws IOException if a file cannot be written
   */
  public static List<Track> write(
      Path dir, int perStyle, double durationSec, int sampleRateHz, long seed) throws IOException {
    if (perStyle < 1 || !(durationSec > 0) || sampleRateHz < 8000) {
      throw new IllegalArgumentException("perStyle >= 1, durationSec > 0, sampleRateHz >= 8000");
    }
    List<Track> tracks = new ArrayList<>();
    for (DemoStyle style : DemoStyle.values()) {
      Path folder = dir.resolve(style.name().toLowerCase(Locale.ROOT));
      Files.createDirectories(folder);
      for (int i = 1; i <= perStyle; i++) {
        String title = style.genre() + " Study No. " + i;
        Path file =
            folder.resolve(
                String.format(
                    Locale.ROOT, "%02d - %s.wav", i, title.replace('&', 'n').replace(' ', '_')));
        if (!Files.isRegularFile(file)) {
          long trackSeed = seed * 1_000_003L + style.ordinal() * 1009L + i;
          float[] mono = new DemoSynth(style, sampleRateHz, durationSec, trackSeed).render();
          writeWav(
              file,
              mono,
              sampleRateHz,
              title,
              style.artist(),
              style.genre() + " Sessions",
              style.genres().get(0),
              2015 + style.ordinal());
        }
        tracks.add(new Track(file, style, i, title));
      }
    }
    return tracks;
  }

  /**
   * Writes mono samples as a 16-bit stereo WAV (the right channel 10 samples late) with an INFO
   * list.
   */
  public static void writeWav(
      Path file,
      float[] mono,
      int sampleRateHz,
      String title,
      String artist,
      String album,
      String genre,
      int year)
      throws IOException {
    byte[] info = infoChunk(title, artist, album, genre, Integer.toString(year));
    int channels = 2;
    long dataBytes = (long) mono.length * channels * 2;
    ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
    header.put("RIFF".getBytes(StandardCharsets.US_ASCII));
    header.putInt((int) (4 + 24 + 8 + dataBytes + info.length));
    header.put("WAVE".getBytes(StandardCharsets.US_ASCII));
    header.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16);
    header
        .putShort((short) 1)
        .putShort((short) channels)
        .putInt(sampleRateHz)
        .putInt(sampleRateHz * channels * 2)
        .putShort((short) (channels * 2))
        .putShort((short) 16);
    header.put("data".getBytes(StandardCharsets.US_ASCII)).putInt((int) dataBytes);
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (OutputStream out = Files.newOutputStream(tmp)) {
      out.write(header.array());
      ByteBuffer block = ByteBuffer.allocate(8192 * channels * 2).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < mono.length; i++) {
        block.putShort(pcm16(mono[i]));
        block.putShort(pcm16(i >= 10 ? mono[i - 10] : 0f));
        if (!block.hasRemaining()) {
          out.write(block.array(), 0, block.position());
          block.clear();
        }
      }
      out.write(block.array(), 0, block.position());
      out.write(info);
    }
    Files.move(
        tmp,
        file,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  private static short pcm16(float x) {
    long v = Math.round(x * 32768.0);
    return (short) Math.max(-32768, Math.min(32767, v));
  }

  private static byte[] infoChunk(String... values) {
    String[] ids = {"INAM", "IART", "IPRD", "IGNR", "ICRD"};
    ByteBuffer b = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
    b.put("LIST".getBytes(StandardCharsets.US_ASCII)).putInt(0);
    b.put("INFO".getBytes(StandardCharsets.US_ASCII));
    for (int i = 0; i < ids.length; i++) {
      byte[] text = (values[i] + "\0").getBytes(StandardCharsets.UTF_8);
      b.put(ids[i].getBytes(StandardCharsets.US_ASCII)).putInt(text.length).put(text);
      if ((text.length & 1) == 1) {
        b.put((byte) 0);
      }
    }
    int size = b.position();
    b.putInt(4, size - 8);
    byte[] out = new byte[size];
    b.flip();
    b.get(out);
    return out;
  }
}
