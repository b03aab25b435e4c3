package dev.selection.core.internal.audio.tags;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Tolerant parsers for ID3v1/v1.1 and ID3v2.2, 2.3 and 2.4 tags (incl. unsynchronisation, the
 * extended header, Latin-1/UTF-16/UTF-16BE/UTF-8 text frames and "(13)" genre references). Written
 * from the id3.org specifications (id3v2.3.0, id3v2.4.0-structure, id3v2.4.0-frames). Any
 * structural fault ends parsing quietly with what was read so far. Stateless and thread-safe.
 */
public final class Id3Tags {
  /** Size of the ID3v2 header (and footer). */
  public static final int V2_HEADER_BYTES = 10;

  /** Size of an ID3v1 tag at the end of a file. */
  public static final int V1_BYTES = 128;

  /** The ID3v1 genre list with the Winamp extensions (0..147). */
  private static final String[] GENRES = {
    "Blues",
    "Classic Rock",
    "Country",
    "Dance",
    "Disco",
    "Funk",
    "Grunge",
    "Hip-Hop",
    "Jazz",
    "Metal",
    "New Age",
    "Oldies",
    "Other",
    "Pop",
    "R&B",
    "Rap",
    "Reggae",
    "Rock",
    "Techno",
    "Industrial",
    "Alternative",
    "Ska",
    "Death Metal",
    "Pranks",
    "Soundtrack",
    "Euro-Techno",
    "Ambient",
    "Trip-Hop",
    "Vocal",
    "Jazz+Funk",
    "Fusion",
    "Trance",
    "Classical",
    "Instrumental",
    "Acid",
    "House",
    "Game",
    "Sound Clip",
    "Gospel",
    "Noise",
    "Alternative Rock",
    "Bass",
    "Soul",
    "Punk",
    "Space",
    "Meditative",
    "Instrumental Pop",
    "Instrumental Rock",
    "Ethnic",
    "Gothic",
    "Darkwave",
    "Techno-Industrial",
    "Electronic",
    "Pop-Folk",
    "Eurodance",
    "Dream",
    "Southern Rock",
    "Comedy",
    "Cult",
    "Gangsta",
    "Top 40",
    "Christian Rap",
    "Pop/Funk",
    "Jungle",
    "Native American",
    "Cabaret",
    "New Wave",
    "Psychedelic",
    "Rave",
    "Showtunes",
    "Trailer",
    "Lo-Fi",
    "Tribal",
    "Acid Punk",
    "Acid Jazz",
    "Polka",
    "Retro",
    "Musical",
    "Rock & Roll",
    "Hard Rock",
    "Folk",
    "Folk-Rock",
    "National Folk",
    "Swing",
    "Fast Fusion",
    "Bebop",
    "Latin",
    "Revival",
    "Celtic",
    "Bluegrass",
    "Avantgarde",
    "Gothic Rock",
    "Progressive Rock",
    "Psychedelic Rock",
    "Symphonic Rock",
    "Slow Rock",
    "Big Band",
    "Chorus",
    "Easy Listening",
    "Acoustic",
    "Humour",
    "Speech",
    "Chanson",
    "Opera",
    "Chamber Music",
    "Sonata",
    "Symphony",
    "Booty Bass",
    "Primus",
    "Porn Groove",
    "Satire",
    "Slow Jam",
    "Club",
    "Tango",
    "Samba",
    "Folklore",
    "Ballad",
    "Power Ballad",
    "Rhythmic Soul",
    "Freestyle",
    "Duet",
    "Punk Rock",
    "Drum Solo",
    "A Cappella",
    "Euro-House",
    "Dance Hall",
    "Goa",
    "Drum & Bass",
    "Club-House",
    "Hardcore",
    "Terror",
    "Indie",
    "BritPop",
    "Afro-Punk",
    "Polsk Punk",
    "Beat",
    "Christian Gangsta Rap",
    "Heavy Metal",
    "Black Metal",
    "Crossover",
    "Contemporary Christian",
    "Christian Rock",
    "Merengue",
    "Salsa",
    "Thrash Metal",
    "Anime",
    "JPop",
    "Synthpop"
  };

  private Id3Tags() {}

  /** Returns the ID3v1 genre name for an index, or null when out of range. */
  public static String genreName(int index) {
    return index >= 0 && index < GENRES.length ? GENRES[index] : null;
  }

  /**
   * Returns the total size (header + body + optional footer) of the ID3v2 tag starting at {@code
   * head[off]}, or -1 when there is none.
   */
  public static int v2TagSize(byte[] head, int off) {
    if (head.length - off < V2_HEADER_BYTES
        || head[off] != 'I'
        || head[off + 1] != 'D'
        || head[off + 2] != '3') {
      return -1;
    }
    int major = head[off + 3] & 0xff;
    if (major < 2 || major > 4 || (head[off + 4] & 0xff) == 0xff) {
      return -1;
    }
    int size = 0;
    for (int i = 6; i < 10; i++) {
      int b = head[off + i] & 0xff;
      if (b >= 0x80) {
        return -1;
      }
      size = (size << 7) | b;
    }
    boolean footer = major == 4 && (head[off + 5] & 0x10) != 0;
    return V2_HEADER_BYTES + size + (footer ? V2_HEADER_BYTES : 0);
  }

  /** Returns whether {@code head} (at least 3 bytes) begins an ID3v1 tag ({@code TAG}). */
  public static boolean isV1(byte[] head) {
    return head != null && head.length >= 3 && head[0] == 'T' && head[1] == 'A' && head[2] == 'G';
  }

  /**
   * Parses an ID3v1 tag (the last 128 bytes of a file) into {@code out}.
   *
   * @return true when a tag was found
   */
  public static boolean parseV1(byte[] last128, TagCollector out) {
    if (last128 == null
        || last128.length < V1_BYTES
        || last128[0] != 'T'
        || last128[1] != 'A'
        || last128[2] != 'G') {
      return false;
    }
    out.title(latin1Field(last128, 3, 30));
    out.artist(latin1Field(last128, 33, 30));
    out.album(latin1Field(last128, 63, 30));
    out.date(latin1Field(last128, 93, 4));
    boolean v11 = last128[125] == 0 && last128[126] != 0;
    out.comment(latin1Field(last128, 97, v11 ? 28 : 30));
    out.genre(genreName(last128[127] & 0xff));
    return true;
  }

  /**
   * Parses a whole ID3v2 tag (header included) into {@code out}. Never throws on bad data.
   *
   * @return true when the header was valid
   */
  public static boolean parseV2(byte[] tag, TagCollector out) {
    try {
      return parseV2Unchecked(tag, out);
    } catch (RuntimeException e) {
      // A tag is advisory: a parser bug or a malformed tag must never stop decoding.
      return false;
    }
  }

  private static boolean parseV2Unchecked(byte[] tag, TagCollector out) {
    int total = v2TagSize(tag, 0);
    if (total < 0) {
      return false;
    }
    int major = tag[3] & 0xff;
    int flags = tag[5] & 0xff;
    int end =
        Math.min(
            tag.length,
            V2_HEADER_BYTES
                + (total
                    - V2_HEADER_BYTES
                    - (major == 4 && (flags & 0x10) != 0 ? V2_HEADER_BYTES : 0)));
    byte[] body;
    boolean tagUnsync = (flags & 0x80) != 0;
    if (tagUnsync && major < 4) {
      // v2.2/v2.3: unsynchronisation applies to the whole tag body.
      body = unsynchronise(tag, V2_HEADER_BYTES, end);
    } else {
      body = java.util.Arrays.copyOfRange(tag, V2_HEADER_BYTES, end);
    }
    int pos = 0;
    if ((flags & 0x40) != 0 && major >= 3) {
      if (body.length < 4) {
        return true;
      }
      int ext = major == 4 ? syncsafe(body, 0) : beInt(body, 0);
      pos = major == 4 ? ext : ext + 4;
      if (pos < 0 || pos > body.length) {
        return true;
      }
    }
    int idLen = major == 2 ? 3 : 4;
    int hdrLen = major == 2 ? 6 : 10;
    while (pos + hdrLen <= body.length) {
      String id = frameId(body, pos, idLen);
      if (id == null) {
        break; // padding or garbage
      }
      int size;
      int fflags = 0;
      if (major == 2) {
        size =
            ((body[pos + 3] & 0xff) << 16) | ((body[pos + 4] & 0xff) << 8) | (body[pos + 5] & 0xff);
      } else if (major == 3) {
        size = beInt(body, pos + 4);
        fflags = ((body[pos + 8] & 0xff) << 8) | (body[pos + 9] & 0xff);
      } else {
        size = v24FrameSize(body, pos);
        fflags = ((body[pos + 8] & 0xff) << 8) | (body[pos + 9] & 0xff);
      }
      int dataStart = pos + hdrLen;
      if (size < 0 || size > body.length - dataStart) {
        break;
      }
      int dataEnd = dataStart + size;
      pos = dataEnd;
      byte[] data;
      if (major == 3) {
        if ((fflags & 0x00c0) != 0) {
          continue; // compressed or encrypted
        }
        int skip = (fflags & 0x0020) != 0 ? 1 : 0;
        data = java.util.Arrays.copyOfRange(body, Math.min(dataEnd, dataStart + skip), dataEnd);
      } else if (major == 4) {
        if ((fflags & 0x000c) != 0) {
          continue; // compressed or encrypted
        }
        int skip = ((fflags & 0x0040) != 0 ? 1 : 0) + ((fflags & 0x0001) != 0 ? 4 : 0);
        int from = Math.min(dataEnd, dataStart + skip);
        data =
            (fflags & 0x0002) != 0 || tagUnsync
                ? unsynchronise(body, from, dataEnd)
                : java.util.Arrays.copyOfRange(body, from, dataEnd);
      } else {
        data = java.util.Arrays.copyOfRange(body, dataStart, dataEnd);
      }
      frame(major == 2 ? v22ToV23(id) : id, data, out);
    }
    return true;
  }

  private static int v24FrameSize(byte[] b, int pos) {
    // v2.4 sizes are syncsafe, but some writers (old iTunes) stored plain integers: prefer the
    // reading whose next frame header looks valid.
    int plain = beInt(b, pos + 4);
    boolean syncsafeOk = ((b[pos + 4] | b[pos + 5] | b[pos + 6] | b[pos + 7]) & 0x80) == 0;
    if (!syncsafeOk) {
      return plain;
    }
    int ss = syncsafe(b, pos + 4);
    if (ss == plain) {
      return ss;
    }
    int nextSs = pos + 10 + ss;
    if (nextSs == b.length
        || (nextSs + 4 <= b.length && (frameId(b, nextSs, 4) != null || b[nextSs] == 0))) {
      return ss;
    }
    int nextPlain = pos + 10 + plain;
    if (plain >= 0
        && (nextPlain == b.length
            || (nextPlain + 4 <= b.length
                && (frameId(b, nextPlain, 4) != null || b[nextPlain] == 0)))) {
      return plain;
    }
    return ss;
  }

  private static String v22ToV23(String id) {
    switch (id) {
      case "TT2":
        return "TIT2";
      case "TP1":
        return "TPE1";
      case "TP2":
        return "TPE2";
      case "TAL":
        return "TALB";
      case "TCO":
        return "TCON";
      case "TYE":
        return "TYER";
      case "TOR":
        return "TORY";
      case "TBP":
        return "TBPM";
      case "TKE":
        return "TKEY";
      case "COM":
        return "COMM";
      case "TXX":
        return "TXXX";
      default:
        return id;
    }
  }

  private static void frame(String id, byte[] data, TagCollector out) {
    if (data.length == 0) {
      return;
    }
    switch (id) {
      case "TIT2" -> out.title(first(text(data)));
      case "TPE1" -> out.artist(first(text(data)));
      case "TALB" -> out.album(first(text(data)));
      case "TCON" -> {
        for (String v : text(data)) {
          for (String g : parseGenre(v)) {
            out.genre(g);
          }
        }
      }
      case "TDRC", "TYER", "TDRL", "TORY", "TDOR" -> out.date(first(text(data)));
      case "TBPM" -> out.bpm(first(text(data)));
      case "TKEY" -> out.key(first(text(data)));
      case "COMM" -> comment(data, out);
      case "TXXX" -> userText(data, out);
      default -> {}
    }
  }

  private static void comment(byte[] data, TagCollector out) {
    if (data.length < 5) {
      return;
    }
    int enc = data[0] & 0xff;
    byte[] rest = java.util.Arrays.copyOfRange(data, 4, data.length); // skip encoding + language
    List<String> parts = decodeStrings(enc, rest, 0, rest.length);
    if (parts.size() >= 2) {
      String desc = parts.get(0);
      // iTunes stores machine data (iTunNORM, iTunSMPB, ...) in described comments: skip those.
      if (desc.isEmpty() || !desc.startsWith("iTun")) {
        out.comment(parts.get(1));
      }
    } else if (parts.size() == 1) {
      out.comment(parts.get(0));
    }
  }

  private static void userText(byte[] data, TagCollector out) {
    int enc = data[0] & 0xff;
    List<String> parts = decodeStrings(enc, data, 1, data.length);
    if (parts.size() < 2) {
      return;
    }
    String desc = parts.get(0).strip().toUpperCase(Locale.ROOT);
    String value = parts.get(1);
    switch (desc) {
      case "BPM", "TEMPO" -> out.bpm(value);
      case "INITIALKEY", "INITIAL KEY", "KEY" -> out.key(value);
      default -> {}
    }
  }

  /**
   * Parses one TCON value: "(13)", "(13)Pop", "13", "(RX)", "Rock"; "((" escapes a literal "(".
   * Returns the genre names in order.
   */
  public static List<String> parseGenre(String value) {
    List<String> out = new ArrayList<>();
    if (value == null) {
      return out;
    }
    String s = value.strip();
    while (s.startsWith("(") && !s.startsWith("((")) {
      int close = s.indexOf(')');
      if (close < 0) {
        break;
      }
      String inner = s.substring(1, close);
      String name = refName(inner);
      if (name == null) {
        break; // not a reference: keep the whole text as a free-form genre
      }
      out.add(name);
      s = s.substring(close + 1).strip();
    }
    if (s.startsWith("((")) {
      s = s.substring(1);
    }
    if (!s.isEmpty()) {
      String name = s.chars().allMatch(Character::isDigit) && s.length() <= 3 ? refName(s) : s;
      out.add(name != null ? name : s);
    }
    return out;
  }

  private static String refName(String inner) {
    if ("RX".equals(inner)) {
      return "Remix";
    }
    if ("CR".equals(inner)) {
      return "Cover";
    }
    if (!inner.isEmpty() && inner.length() <= 3 && inner.chars().allMatch(Character::isDigit)) {
      return genreName(Integer.parseInt(inner));
    }
    return null;
  }

  /** Decodes a text frame body (encoding byte first) into its NUL-separated values. */
  static List<String> text(byte[] data) {
    return decodeStrings(data[0] & 0xff, data, 1, data.length);
  }

  private static String first(List<String> values) {
    for (String v : values) {
      if (!v.isBlank()) {
        return v;
      }
    }
    return null;
  }

  /** Splits {@code b[from, to)} at the encoding's terminators and decodes each string. */
  static List<String> decodeStrings(int enc, byte[] b, int from, int to) {
    List<String> out = new ArrayList<>();
    boolean wide = enc == 1 || enc == 2;
    int start = from;
    int i = from;
    while (i < to) {
      boolean term = wide ? (i + 1 < to && b[i] == 0 && b[i + 1] == 0) : b[i] == 0;
      if (term) {
        out.add(decode(enc, b, start, i));
        i += wide ? 2 : 1;
        start = i;
      } else {
        i += wide ? 2 : 1;
      }
    }
    if (start < to) {
      out.add(decode(enc, b, start, Math.min(to, b.length)));
    }
    return out;
  }

  private static String decode(int enc, byte[] b, int from, int to) {
    int len = Math.max(0, to - from);
    switch (enc) {
      case 1 -> {
        // UTF-16 with BOM; no BOM: big-endian as the spec says.
        if (len >= 2 && (b[from] & 0xff) == 0xff && (b[from + 1] & 0xff) == 0xfe) {
          return new String(b, from + 2, (len - 2) & ~1, StandardCharsets.UTF_16LE);
        }
        if (len >= 2 && (b[from] & 0xff) == 0xfe && (b[from + 1] & 0xff) == 0xff) {
          return new String(b, from + 2, (len - 2) & ~1, StandardCharsets.UTF_16BE);
        }
        return new String(b, from, len & ~1, StandardCharsets.UTF_16BE);
      }
      case 2 -> {
        return new String(b, from, len & ~1, StandardCharsets.UTF_16BE);
      }
      case 3 -> {
        return new String(b, from, len, StandardCharsets.UTF_8);
      }
      default -> {
        return new String(b, from, len, StandardCharsets.ISO_8859_1);
      }
    }
  }

  /** Decodes bytes as UTF-8 when they are valid UTF-8, else as Latin-1 (RIFF INFO, AIFF text). */
  public static String utf8OrLatin1(byte[] b, int from, int to) {
    int end = from;
    while (end < to && b[end] != 0) {
      end++;
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b, from, end - from))
          .toString();
    } catch (CharacterCodingException e) {
      return new String(b, from, end - from, StandardCharsets.ISO_8859_1);
    }
  }

  private static String latin1Field(byte[] b, int off, int len) {
    int end = off;
    while (end < off + len && b[end] != 0) {
      end++;
    }
    return new String(b, off, end - off, StandardCharsets.ISO_8859_1).strip();
  }

  private static String frameId(byte[] b, int pos, int len) {
    if (pos + len > b.length) {
      return null;
    }
    for (int i = 0; i < len; i++) {
      int c = b[pos + i] & 0xff;
      if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
        return null;
      }
    }
    return new String(b, pos, len, StandardCharsets.ISO_8859_1);
  }

  /** Reverses unsynchronisation: every 0xFF 0x00 becomes 0xFF. */
  static byte[] unsynchronise(byte[] b, int from, int to) {
    byte[] out = new byte[Math.max(0, to - from)];
    int n = 0;
    for (int i = from; i < to; i++) {
      out[n++] = b[i];
      if ((b[i] & 0xff) == 0xff && i + 1 < to && b[i + 1] == 0) {
        i++;
      }
    }
    return java.util.Arrays.copyOf(out, n);
  }

  private static int syncsafe(byte[] b, int pos) {
    return ((b[pos] & 0x7f) << 21)
        | ((b[pos + 1] & 0x7f) << 14)
        | ((b[pos + 2] & 0x7f) << 7)
        | (b[pos + 3] & 0x7f);
  }

  private static int beInt(byte[] b, int pos) {
    return ((b[pos] & 0xff) << 24)
        | ((b[pos + 1] & 0xff) << 16)
        | ((b[pos + 2] & 0xff) << 8)
        | (b[pos + 3] & 0xff);
  }
}
