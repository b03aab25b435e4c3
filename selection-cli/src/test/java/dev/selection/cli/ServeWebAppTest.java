package dev.selection.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selection.core.samples.DemoLibrary;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web app of {@code selection serve} in a real headless browser (Debian's chromium through
 * chromedriver): scan with progress and cancel, like and dislike per song and per selection, train,
 * scores, explanation, more like these, clear training data, and a second browser kept in step.
 * Screenshots go to {@code target/screenshots/}. Skipped, with the reason printed, where chromium
 * or chromedriver is missing.
 */
class ServeWebAppTest {
  @TempDir Path library;
  @TempDir Path music;
  @TempDir Path big;

  static final Path SHOTS = Path.of("target", "screenshots");

  /** The visible rows as [title, artist, label, score] (script). */
  static final String ROWS =
      "return [...document.querySelectorAll('.body-row')]"
          + ".filter(r => !r.hidden && r.children[1].textContent !== '…')"
          + ".map(r => [r.children[1].textContent, r.children[2].textContent,"
          + " r.children[5].textContent, r.children[6].textContent]);";

  static String skipReason() {
    String reason = WebDriver.unavailable();
    if (reason != null) {
      System.out.println("browser test skipped: " + reason);
    }
    return reason;
  }

  private static void selectAll(WebDriver.Session s, String query, int rows) throws Exception {
    s.type("#query", query);
    // Wait for the filtered rows themselves: the footer of the previous filter may read the same.
    s.waitFor(
        rows + " rows for " + query,
        "const r = [...document.querySelectorAll('.body-row:not([hidden])')];"
            + " return document.getElementById('footer').textContent.startsWith('"
            + rows
            + " rows') && r.length === "
            + rows
            + " && r.every(x => (x.children[1].textContent + ' ' + x.children[2].textContent)"
            + ".toLowerCase().includes(arguments[0].toLowerCase()))",
        20,
        query);
    s.js("const c = document.getElementById('select-all'); if (c.checked) c.click(); c.click();");
    s.waitFor(
        rows + " selected",
        "return document.getElementById('selcount').textContent === '" + rows + " selected'",
        10);
  }

  private static void toast(WebDriver.Session s, String startsWith, int seconds) throws Exception {
    s.waitFor(
        "toast " + startsWith,
        "return document.getElementById('toast').textContent.startsWith(arguments[0] || '"
            + startsWith.replace("'", "\\'")
            + "')",
        seconds);
  }

  @Test
  void webApp_scanLabelTrainScoreExplainReset_inTwoBrowsers() throws Exception {
    String reason = skipReason();
    Assumptions.assumeTrue(reason == null, reason);
    DemoLibrary.write(music, 6, 6, 22_050, 9);
    Files.write(
        music.resolve("broken.wav"), "RIFF....WAVEnot audio".getBytes(StandardCharsets.US_ASCII));
    DemoLibrary.write(big, 8, 30, 22_050, 4);
    Files.createDirectories(SHOTS);
    try (ServeFixture server =
            new ServeFixture(
                library, "--no-embeddings", "--min-positives", "5", "--no-auto-train");
        WebDriver driver = new WebDriver(SHOTS.resolve("chromedriver.log"));
        WebDriver.Session a = driver.session(1400, 860);
        WebDriver.Session b = driver.session(1200, 800)) {
      String url = server.uri("/").toString();
      a.open(url);
      a.waitFor(
          "an empty library",
          "return document.getElementById('footer').textContent.includes('0 songs')",
          20);

      // Scan a folder.
      a.type("#folder", music.toString());
      a.click("#scan");
      toast(a, "Scan done", 120);
      JsonNode done = a.js("return document.getElementById('toast').textContent");
      assertThat(done.asText()).contains("30 analysed", "1 failed");

      // A second browser opens the same library meanwhile.
      b.open(url);
      b.waitFor(
          "rows in the second browser",
          "return document.querySelectorAll('.body-row:not([hidden])').length > 5",
          20);

      // Per song: dislike one Folk song from its row.
      a.type("#query", "Folk Study No. 1");
      a.waitFor(
          "one row",
          "return document.getElementById('footer').textContent.startsWith('1 rows')",
          20);
      a.click(".body-row:not([hidden]) .dislike");
      a.waitFor(
          "the row disliked",
          "return document.querySelector('.body-row:not([hidden]) .label').textContent"
              + " === 'disliked'",
          20);

      // Per selection: like the Techno songs, dislike the other styles.
      selectAll(a, "Techno", 6);
      a.click("#like-selected");
      toast(a, "liked: 6 of 6 changed", 20);
      String[] styles = {"Ambient", "Drum", "Folk", "Chiptune"};
      int[] dislikedAfter = {7, 13, 18, 24}; // Folk Study No. 1 was disliked already
      for (int i = 0; i < styles.length; i++) {
        selectAll(a, styles[i], 6);
        a.click("#dislike-selected");
        a.waitFor(
            dislikedAfter[i] + " disliked",
            "return document.getElementById('status').textContent.includes(' "
                + dislikedAfter[i]
                + " disliked')",
            20);
      }
      a.type("#query", "");

      // The second browser sees the labels without reloading (server-sent events).
      b.waitFor(
          "labels in the second browser",
          "return [...document.querySelectorAll('.body-row .label')]"
              + ".some(c => c.textContent === 'disliked')",
          20);

      // Train; scores appear in both browsers.
      a.click("#train");
      toast(a, "Trained model revision 1", 120);
      a.waitFor(
          "scores",
          "return [...document.querySelectorAll('.body-row:not([hidden]) .score')]"
              + ".some(c => c.textContent !== '')",
          60);
      b.waitFor(
          "scores in the second browser",
          "return [...document.querySelectorAll('.body-row:not([hidden]) .score')]"
              + ".some(c => c.textContent !== '')",
          60);
      a.click(".sortable[data-sort=score]");
      a.waitFor(
          "sorted by score",
          "const r = document.querySelector('.body-row:not([hidden])');"
              + " return r && r.children[6].textContent !== '' &&"
              + " document.querySelector('.sortable[data-sort=score]').classList.contains('desc')",
          20);
      JsonNode rows = a.js(ROWS);
      assertThat(rows.get(0).get(0).asText()).startsWith("Techno");
      double first = Double.parseDouble(rows.get(0).get(3).asText());
      double second = Double.parseDouble(rows.get(1).get(3).asText());
      assertThat(first).isGreaterThanOrEqualTo(second);
      a.screenshot(SHOTS.resolve("web-app-scores.png"));

      // Explanation of the best song.
      a.click(".body-row:not([hidden]) .why");
      a.waitFor(
          "the explanation",
          "const s = document.getElementById('side');"
              + " return !s.hidden && s.textContent.includes('Nearest liked songs')"
              + " && document.querySelectorAll('#contributions li').length > 0",
          30);
      a.screenshot(SHOTS.resolve("web-app-explanation.png"));

      // More like these, from a selection of one.
      a.click(".body-row:not([hidden]) .title");
      a.click("#similar-selected");
      a.waitFor(
          "similar songs",
          "const l = document.getElementById('similar-list');"
              + " return l && l.children.length > 0",
          30);

      // The file that could not be analysed has no score.
      a.type("#query", "broken");
      a.waitFor(
          "the failed file",
          "const r = document.querySelector('.body-row:not([hidden])');"
              + " return r && r.children[1].textContent === 'broken.wav'",
          20);
      JsonNode broken = a.js(ROWS);
      assertThat(broken.get(0).get(1).asText()).startsWith("not analysed");
      assertThat(broken.get(0).get(3).asText()).isEmpty();
      a.type("#query", "");

      // Clear training data, after a confirmation.
      a.click("#reset");
      a.waitFor("the dialog", "return document.getElementById('confirm').open", 10);
      a.click("#confirm-cancel");
      a.waitFor("the dialog closed", "return !document.getElementById('confirm').open", 10);
      assertThat(
              server
                  .call("selection:status", ServeFixture.params())
                  .get("result")
                  .get("liked")
                  .asInt())
          .isEqualTo(6);
      a.click("#reset");
      a.waitFor("the dialog", "return document.getElementById('confirm').open", 10);
      a.click("#confirm-ok");
      toast(a, "Training data cleared", 20);
      a.waitFor(
          "no scores, no labels",
          "const r = [...document.querySelectorAll('.body-row:not([hidden])')];"
              + " return r.length > 5 && r.every(x => x.children[6].textContent === ''"
              + " && x.children[5].textContent === '')",
          30);
      b.waitFor(
          "no scores in the second browser",
          "const r = [...document.querySelectorAll('.body-row:not([hidden])')];"
              + " return r.length > 5 && r.every(x => x.children[6].textContent === '')",
          30);
      JsonNode status = server.call("selection:status", ServeFixture.params()).get("result");
      assertThat(status.get("liked").asInt()).isZero();
      assertThat(status.get("modelRevision").asInt()).isZero();
      assertThat(status.get("featureRows").asInt())
          .as("features are kept")
          .isGreaterThanOrEqualTo(30);
      a.screenshot(SHOTS.resolve("web-app-reset.png"));
      // A longer scan shows its progress and can be cancelled (last: the songs it adds are no
      // part of the labelled sets above).
      a.type("#folder", big.toString());
      a.click("#scan");
      a.waitFor(
          "scan progress",
          "return !document.getElementById('progress').hidden"
              + " && document.getElementById('progress-text').textContent.includes('extract')",
          60);
      a.click("#cancel");
      toast(a, "Scan cancelled", 60);
    }
  }
}
