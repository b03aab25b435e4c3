package dev.selection.core.internal.audio.tags;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selection.api.SongMetadata;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** APEv2 items to metadata; binary items skipped; damaged tags keep what was read. */
class ApeTagsTest {
  private static void item(ByteArrayOutputStream out, String key, byte[] value, int flags) {
    ByteBuffer h = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    h.putInt(value.length).putInt(flags);
    out.writeBytes(h.array());
    out.writeBytes(key.getBytes(StandardCharsets.US_ASCII));
    out.write(0);
    out.writeBytes(value);
  }

  private static byte[] tag(ByteArrayOutputStream items, int count) {
    ByteBuffer f = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
    f.put("APETAGEX".getBytes(StandardCharsets.US_ASCII));
    f.putInt(2000).putInt(items.size() + 32).putInt(count).putInt(0);
    items.writeBytes(f.array());
    return items.toByteArray();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void textItems_mapToMetadata_caseInsensitively_binaryItemsAreSkipped() {
    ByteArrayOutputStream items = new ByteArrayOutputStream();
    item(items, "TITLE", utf8("Été"), 0);
    item(items, "Cover Art (Front)", new byte[] {1, 2, 3}, 2); // binary
    item(items, "artist", utf8("Artist"), 0);
    item(items, "Genre", utf8("House\0Techno"), 0);
    item(items, "Year", utf8("2001-02-03"), 0);
    item(items, "BPM", utf8("128"), 0);
    byte[] tag = tag(items, 6);
    assertThat(ApeTags.tagSize(Arrays.copyOfRange(tag, tag.length - 32, tag.length)))
        .isEqualTo(tag.length);
    TagCollector c = new TagCollector();
    assertThat(ApeTags.parse(tag, c)).isTrue();
    TrackTags t = c.toTags();
    SongMetadata m = t.metadata();
    assertThat(m.title()).isEqualTo("Été");
    assertThat(m.artist()).isEqualTo("Artist");
    assertThat(m.genres()).containsExactly("House", "Techno");
    assertThat(m.year()).isEqualTo(2001);
    assertThat(t.bpm()).isEqualTo(128.0);
  }

  @Test
  void damagedOrForeignBytes_neverThrow_andKeepWhatWasRead() {
    ByteArrayOutputStream items = new ByteArrayOutputStream();
    item(items, "Title", utf8("Kept"), 0);
    ByteBuffer bad = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    bad.putInt(1 << 30).putInt(0); // a value size beyond the tag
    items.writeBytes(bad.array());
    items.writeBytes(utf8("Artist\0x"));
    byte[] tag = tag(items, 2);
    TagCollector c = new TagCollector();
    ApeTags.parse(tag, c);
    assertThat(c.toTags().metadata().title()).isEqualTo("Kept");
    assertThat(c.toTags().metadata().artist()).isNull();
    assertThat(ApeTags.tagSize(new byte[32])).isEqualTo(-1);
    assertThat(ApeTags.tagSize(new byte[3])).isEqualTo(-1);
    ApeTags.parse(new byte[5], new TagCollector());
  }
}
