package dev.selection.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web app's table on a large library: the first page, sorting and filtering. The size is 5,000
 * songs by default; {@code -Dselection.serve.songs=50000} runs the size and prints the time
 * to the first page (a measurement, not an assertion: timings belong in selection-bench, but the
 * table is CLI code).
 */
class ServeLargeLibraryTest {
  @TempDir Path library;

  @Test
  void firstPage_sortedAndFiltered_onALargeLibrary() throws Exception {
    int n = Integer.getInteger("selection.serve.songs", 5000);
    long t0 = System.nanoTime();
    ServeFixture.writeSongs(library, n);
    long written = System.nanoTime();
    try (ServeFixture s = new ServeFixture(library, "--no-embeddings", "--no-auto-train")) {
      long started = System.nanoTime();
      JsonNode page =
          s.call(
                  "selection:library:page",
                  ServeFixture.params().put("offset", 0).put("limit", 200).put("sort", "title"))
              .get("result");
      long firstPage = System.nanoTime();
      System.out.printf(
          "serve: %d songs written in %d ms; first page %d ms after the server started%n",
          n, (written - t0) / 1_000_000, (firstPage - started) / 1_000_000);
      assertThat(page.get("total").asInt()).isEqualTo(n);
      assertThat(page.get("rows")).hasSize(200);
      assertThat(page.get("rows").get(0).get("title").asText()).isEqualTo("Track 00000");
      assertThat(page.get("rows").get(0).get("score").isNull()).isTrue();

      long t1 = System.nanoTime();
      JsonNode byBpm =
          s.call(
                  "selection:library:page",
                  ServeFixture.params()
                      .put("offset", 100)
                      .put("limit", 100)
                      .put("sort", "bpm")
                      .put("order", "desc"))
              .get("result");
      System.out.printf("serve: sort by BPM %d ms%n", (System.nanoTime() - t1) / 1_000_000);
      double prev = Double.MAX_VALUE;
      for (JsonNode r : byBpm.get("rows")) {
        assertThat(r.get("bpm").asDouble()).isLessThanOrEqualTo(prev);
        prev = r.get("bpm").asDouble();
      }
      JsonNode filtered =
          s.call(
                  "selection:library:page",
                  ServeFixture.params().put("limit", 50).put("query", "artist 996"))
              .get("result");
      assertThat(filtered.get("total").asInt()).isEqualTo(n / 997);

      String reason = ServeWebAppTest.skipReason();
      if (reason == null) {
        inTheBrowser(s, n);
      }
    }
  }

  /** Times the web app's first page and a sort in a real browser (printed, not asserted). */
  private static void inTheBrowser(ServeFixture s, int n) throws Exception {
    Path shots = ServeWebAppTest.SHOTS;
    java.nio.file.Files.createDirectories(shots);
    try (WebDriver driver = new WebDriver(shots.resolve("chromedriver-large.log"));
        WebDriver.Session b = driver.session(1400, 860)) {
      long t0 = System.nanoTime();
      b.open(s.uri("/").toString());
      b.waitFor(
          "the first page",
          "const r = document.querySelector('.body-row:not([hidden])');"
              + " return r && r.children[1].textContent === 'Track 00000'",
          30);
      long shown = System.nanoTime();
      JsonNode footer = b.js("return document.getElementById('footer').textContent");
      assertThat(footer.asText()).contains(String.format(java.util.Locale.ROOT, "%,d", n));
      b.click(".sortable[data-sort=bpm]");
      b.waitFor(
          "sorted by BPM",
          "const r = document.querySelector('.body-row:not([hidden])');"
              + " return r && r.children[3].textContent === '90.0'",
          30);
      long sorted = System.nanoTime();
      // Scroll to the middle: the rows there load on demand.
      b.js("document.getElementById('viewport').scrollTop = arguments[0] * 28 / 2;", n);
      b.waitFor(
          "rows in the middle",
          "return [...document.querySelectorAll('.body-row:not([hidden])')]"
              + ".filter(r => r.children[1].textContent.startsWith('Track')).length > 10",
          30);
      long scrolled = System.nanoTime();
      System.out.printf(
          "serve: browser, %d songs: first page shown %d ms after navigation, sort by BPM %d ms,"
              + " scroll to the middle %d ms%n",
          n,
          (shown - t0) / 1_000_000,
          (sorted - shown) / 1_000_000,
          (scrolled - sorted) / 1_000_000);
      b.screenshot(shots.resolve("web-app-large.png"));
    }
  }
}
