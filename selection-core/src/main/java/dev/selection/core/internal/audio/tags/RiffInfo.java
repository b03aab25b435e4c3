package dev.selection.core.internal.audio.tags;

/**
 * Parser for a RIFF {@code LIST} chunk of type {@code INFO} (WAV files): INAM title, IART artist,
 * IPRD album, IGNR genre, ICRD date, ICMT comment. Strings are NUL-terminated, UTF-8 when valid,
 * else Latin-1. Tolerant; stateless and thread-safe.
 */
public final class RiffInfo {
  private RiffInfo() {}

  /**
   * Parses the body of a LIST chunk (starting with its 4-byte list type) into {@code out}; never
   * throws.
   *
   * @return true when it was an INFO list
   */
  public static boolean parseList(byte[] body, TagCollector out) {
    try {
      if (body.length < 4 || body[0] != 'I' || body[1] != 'N' || body[2] != 'F' || body[3] != 'O') {
        return false;
      }
      int pos = 4;
      while (pos + 8 <= body.length) {
        String id = new String(body, pos, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
        long size =
            (body[pos + 4] & 0xffL)
                | ((body[pos + 5] & 0xffL) << 8)
                | ((body[pos + 6] & 0xffL) << 16)
                | ((body[pos + 7] & 0xffL) << 24);
        pos += 8;
        if (size > body.length - pos) {
          break;
        }
        String v = Id3Tags.utf8OrLatin1(body, pos, pos + (int) size);
        switch (id) {
          case "INAM" -> out.title(v);
          case "IART" -> out.artist(v);
          case "IPRD" -> out.album(v);
          case "IGNR" -> {
            for (String g : Id3Tags.parseGenre(v)) {
              out.genre(g);
            }
          }
          case "ICRD" -> out.date(v);
          case "ICMT" -> out.comment(v);
          default -> {}
        }
        pos += (int) size + (int) (size & 1);
      }
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }
}
