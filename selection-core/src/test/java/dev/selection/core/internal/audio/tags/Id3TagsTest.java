package dev.selection.core.internal.audio.tags;

import static dev.selection.core.internal.audio.tags.Id3TestTags.cat;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Id3TagsTest {
  private static TrackTags parse(byte[] tag) {
    TagCollector c = new TagCollector();
    assertThat(Id3Tags.parseV2(tag, c)).isTrue();
    return c.toTags();
  }

  @Test
  void v23_latin1AndUtf16Frames_areRead() {
    byte[] utf16 =
        cat(new byte[] {1, (byte) 0xFF, (byte) 0xFE}, "Grüße".getBytes(StandardCharsets.UTF_16LE));
    TrackTags t =
        parse(
            Id3TestTags.v23(
                List.of(
                    Id3TestTags.frame3("TIT2", utf16),
                    Id3TestTags.text("TPE1", "Artíst"),
                    Id3TestTags.text("TALB", "Album"),
                    Id3TestTags.text("TCON", "(13)(RX)"),
                    Id3TestTags.text("TYER", "1999"),
                    Id3TestTags.text("TBPM", "128"),
                    Id3TestTags.text("TKEY", "Am"),
                    Id3TestTags.frame3(
                        "COMM",
                        cat(
                            new byte[] {0, 'e', 'n', 'g', 0},
                            "nice".getBytes(StandardCharsets.ISO_8859_1))))));
    assertThat(t.metadata().title()).isEqualTo("Grüße");
    assertThat(t.metadata().artist()).isEqualTo("Artíst");
    assertThat(t.metadata().album()).isEqualTo("Album");
    assertThat(t.metadata().genres()).containsExactly("Pop", "Remix");
    assertThat(t.metadata().year()).isEqualTo(1999);
    assertThat(t.metadata().comment()).isEqualTo("nice");
    assertThat(t.bpm()).isEqualTo(128.0);
    assertThat(t.key()).isEqualTo("Am");
  }

  @Test
  void v24_utf8MultiValueGenres_dateAndUnsyncFrames_areRead() {
    byte[] genres =
        cat(new byte[] {3}, "Techno\0(17)\0Deep House".getBytes(StandardCharsets.UTF_8));
    // Unsynchronised frame data: 0xFF 0x00 stands for 0xFF (here inside a UTF-16 title "ÿ").
    byte[] title = {1, (byte) 0xFF, 0x00, (byte) 0xFE, (byte) 0xFF, 0x00, 0x00};
    byte[] body =
        cat(
            Id3TestTags.frame4("TCON", genres, 0),
            Id3TestTags.frame4(
                "TDRC", cat(new byte[] {3}, "2004-05-06".getBytes(StandardCharsets.UTF_8)), 0),
            Id3TestTags.frame4("TIT2", title, 0x02));
    TrackTags t = parse(Id3TestTags.tag(4, 0, body));
    assertThat(t.metadata().genres()).containsExactly("Techno", "Rock", "Deep House");
    assertThat(t.metadata().year()).isEqualTo(2004);
    assertThat(t.metadata().title()).isEqualTo("ÿ");
  }

  @Test
  void v22_threeCharFrames_areRead() {
    byte[] body =
        cat(
            Id3TestTags.frame2(
                "TT2", cat(new byte[] {0}, "Old".getBytes(StandardCharsets.ISO_8859_1))),
            Id3TestTags.frame2(
                "TCO", cat(new byte[] {0}, "(8)".getBytes(StandardCharsets.ISO_8859_1))));
    TrackTags t = parse(Id3TestTags.tag(2, 0, body));
    assertThat(t.metadata().title()).isEqualTo("Old");
    assertThat(t.metadata().genres()).containsExactly("Jazz");
  }

  @Test
  void v23_wholeTagUnsynchronisation_isReversed() {
    byte[] frame =
        Id3TestTags.frame3("TIT2", cat(new byte[] {0}, new byte[] {'a', (byte) 0xFF, 'b'}));
    byte[] unsync = new byte[frame.length + 1];
    int n = 0;
    for (byte b : frame) {
      unsync[n++] = b;
      if (b == (byte) 0xFF) {
        unsync[n++] = 0;
      }
    }
    TrackTags t = parse(Id3TestTags.tag(3, 0x80, unsync));
    assertThat(t.metadata().title()).isEqualTo("a\u00ffb");
  }

  @Test
  void genreStrings_parseReferencesAndFreeText() {
    assertThat(Id3Tags.parseGenre("(13)")).containsExactly("Pop");
    assertThat(Id3Tags.parseGenre("(13)Pop")).containsExactly("Pop", "Pop");
    assertThat(Id3Tags.parseGenre("17")).containsExactly("Rock");
    assertThat(Id3Tags.parseGenre("((weird)")).containsExactly("(weird)");
    assertThat(Id3Tags.parseGenre("Drum & Bass")).containsExactly("Drum & Bass");
    assertThat(Id3Tags.parseGenre("(999)")).containsExactly("(999)");
  }

  @Test
  void v1_isRead() {
    byte[] t = new byte[128];
    System.arraycopy("TAG".getBytes(StandardCharsets.US_ASCII), 0, t, 0, 3);
    System.arraycopy("Song".getBytes(StandardCharsets.US_ASCII), 0, t, 3, 4);
    System.arraycopy("Band".getBytes(StandardCharsets.US_ASCII), 0, t, 33, 4);
    System.arraycopy("1987".getBytes(StandardCharsets.US_ASCII), 0, t, 93, 4);
    t[127] = 9;
    TagCollector c = new TagCollector();
    assertThat(Id3Tags.parseV1(t, c)).isTrue();
    TrackTags tags = c.toTags();
    assertThat(tags.metadata().title()).isEqualTo("Song");
    assertThat(tags.metadata().artist()).isEqualTo("Band");
    assertThat(tags.metadata().year()).isEqualTo(1987);
    assertThat(tags.metadata().genres()).containsExactly("Metal");
  }

  @Test
  void randomAndTruncatedTags_neverThrow() {
    long seed = System.nanoTime();
    System.out.println("Id3TagsTest seed " + seed);
    Random r = new Random(seed);
    byte[] good =
        Id3TestTags.v23(List.of(Id3TestTags.text("TIT2", "x"), Id3TestTags.text("TCON", "(1)")));
    for (int i = 0; i < 2000; i++) {
      byte[] b = good.clone();
      for (int k = 0; k < 1 + r.nextInt(4); k++) {
        b[r.nextInt(b.length)] = (byte) r.nextInt(256);
      }
      byte[] cut = java.util.Arrays.copyOf(b, r.nextInt(b.length + 1));
      Id3Tags.parseV2(cut, new TagCollector());
      VorbisComments.parse(cut);
      RiffInfo.parseList(cut, new TagCollector());
    }
  }

  @Test
  void vorbisComments_areParsed() {
    byte[] block = vorbis("ref", "title=T", "ARTIST=A", "Genre=Trance", "DATE=2011", "TEMPO=140.5");
    TrackTags t = VorbisComments.parse(block);
    assertThat(t.metadata().title()).isEqualTo("T");
    assertThat(t.metadata().artist()).isEqualTo("A");
    assertThat(t.metadata().genres()).containsExactly("Trance");
    assertThat(t.metadata().year()).isEqualTo(2011);
    assertThat(t.bpm()).isEqualTo(140.5);
  }

  static byte[] vorbis(String vendor, String... entries) {
    java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream();
    byte[] v = vendor.getBytes(StandardCharsets.UTF_8);
    o.writeBytes(le(v.length));
    o.writeBytes(v);
    o.writeBytes(le(entries.length));
    for (String e : entries) {
      byte[] b = e.getBytes(StandardCharsets.UTF_8);
      o.writeBytes(le(b.length));
      o.writeBytes(b);
    }
    return o.toByteArray();
  }

  static byte[] le(int n) {
    return new byte[] {(byte) n, (byte) (n >> 8), (byte) (n >> 16), (byte) (n >> 24)};
  }
}
