package dev.selection.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selection.api.EngineStatus;
import dev.selection.api.SelectionEngine;
import dev.selection.core.samples.DemoLibrary;
import dev.selection.core.samples.DemoStyle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code selection serve --stdio}: the JSON-RPC protocol end to end, its errors and cancellation.
 */
class ServeProtocolTest {
  @TempDir Path library;
  @TempDir Path music;

  private static ArrayNode paths(List<Path> files) {
    ArrayNode a = Json.mapper().createArrayNode();
    files.forEach(f -> a.add(f.toAbsolutePath().toString()));
    return a;
  }

  @Test
  void extractLabelTrainPredict_endToEnd() throws Exception {
    List<DemoLibrary.Track> tracks = DemoLibrary.write(music, 6, 6, 22_050, 9);
    Path corrupt =
        Files.write(
            music.resolve("broken.wav"),
            "RIFF....WAVEfmt nonsense".getBytes(StandardCharsets.US_ASCII));
    List<Path> files = new ArrayList<>();
    tracks.forEach(t -> files.add(t.path()));
    files.add(corrupt);
    try (StdioHarness s =
        new StdioHarness(library, "--no-embeddings", "--min-positives", "5", "--no-auto-train")) {
      JsonNode extract =
          s.call(
              1,
              "selection:features:extractAndUpsert",
              StdioHarness.params().set("filePaths", paths(files)));
      JsonNode r = extract.get("result");
      assertThat(r.get("total").asInt()).as(extract.toString()).isEqualTo(files.size());
      assertThat(r.get("extracted").asInt()).isEqualTo(tracks.size());
      assertThat(r.get("failed").asInt()).isEqualTo(1);
      assertThat(r.get("failures").get(0).get("filePath").asText()).endsWith("broken.wav");
      assertThat(r.get("failures").get(0).get("errorCode").asText()).isNotBlank();
      JsonNode progress = s.await(n -> "selection:progress".equals(n.path("method").asText()), 5);
      assertThat(progress.get("params").get("requestId").asInt()).isEqualTo(1);
      assertThat(progress.get("params").has("phase")).isTrue();
      assertThat(progress.get("params").has("percent")).isTrue();

      List<Path> liked = new ArrayList<>();
      List<Path> disliked = new ArrayList<>();
      for (DemoLibrary.Track t : tracks) {
        if (t.index() <= 5) {
          (t.style() == DemoStyle.TECHNO ? liked : disliked).add(t.path());
        }
      }
      JsonNode like =
          s.call(
                  2,
                  "selection:labels:setForFilePaths",
                  StdioHarness.params().put("label", "liked").set("filePaths", paths(liked)))
              .get("result");
      assertThat(like.get("changed").asInt()).isEqualTo(5);
      assertThat(like.get("failures")).isEmpty();
      ObjectNode dislikeParams = StdioHarness.params().put("label", "disliked");
      dislikeParams.set("filePaths", paths(disliked));
      assertThat(
              s.call(3, "selection:labels:setForFilePaths", dislikeParams)
                  .get("result")
                  .get("changed")
                  .asInt())
          .isEqualTo(disliked.size());
      JsonNode snapshot = s.call(4, "selection:labels:snapshot", null).get("result");
      assertThat(snapshot.get("positiveIds")).hasSize(5);
      assertThat(snapshot.get("sampleChangeCount").asInt()).isEqualTo(5 + disliked.size());

      JsonNode beforeTraining =
          s.call(
                  5,
                  "selection:predictForFilePaths",
                  StdioHarness.params().put("topK", 0).set("filePaths", paths(files)))
              .get("result");
      assertThat(beforeTraining.get("status").asText()).isEqualTo("not_trained");
      assertThat(beforeTraining.get("items")).isEmpty();

      JsonNode train = s.call(6, "selection:train", null).get("result");
      assertThat(train.get("status").asText()).as(train.toString()).isEqualTo("trained");
      assertThat(train.get("modelRevision").asInt()).isEqualTo(1);
      assertThat(train.get("metrics").get("model").has("roc_auc")).isTrue();

      JsonNode predict =
          s.call(
                  7,
                  "selection:predictForFilePaths",
                  StdioHarness.params().put("topK", 0).set("filePaths", paths(files)))
              .get("result");
      assertThat(predict.get("status").asText()).isEqualTo("ok");
      assertThat(predict.get("modelRevision").asInt()).isEqualTo(1);
      assertThat(predict.get("items")).hasSize(tracks.size());
      JsonNode top = predict.get("items").get(0);
      assertThat(top.get("rank").asInt()).isEqualTo(1);
      assertThat(top.get("filePath").asText()).contains("techno");
      assertThat(top.get("songId").asText()).hasSize(64);
      assertThat(top.get("score").asDouble()).isBetween(0.0, 1.0);
      // The corrupt file has no song id: a per-file failure, not an error of the call.
      assertThat(predict.get("failures")).hasSize(1);
      assertThat(predict.get("failures").get(0).get("filePath").asText()).endsWith("broken.wav");

      String topId = top.get("songId").asText();
      JsonNode explain =
          s.call(8, "selection:explain", StdioHarness.params().put("songId", topId)).get("result");
      assertThat(explain.get("nearestLiked")).isNotEmpty();
      assertThat(explain.get("contributions")).isNotEmpty();
      ObjectNode similarParams = StdioHarness.params().put("k", 3);
      similarParams.putArray("songIds").add(topId);
      JsonNode similar = s.call(9, "selection:similar", similarParams).get("result");
      assertThat(similar.get("items")).hasSize(3);
      assertThat(similar.get("descriptor").asText()).isNotBlank();

      JsonNode status = s.call(10, "selection:status", null).get("result");
      assertThat(status.get("modelRevision").asInt()).isEqualTo(1);
      assertThat(status.get("featureRows").asInt()).isEqualTo(tracks.size());
      JsonNode page =
          s.call(
                  11,
                  "selection:library:page",
                  StdioHarness.params().put("sort", "score").put("order", "desc").put("limit", 5))
              .get("result");
      assertThat(page.get("songs").asInt()).isEqualTo(tracks.size());

      JsonNode reset = s.call(12, "selection:training:reset", null).get("result");
      assertThat(reset.get("modelRevision").asInt()).isZero();
      assertThat(reset.get("liked").asInt()).isZero();
      assertThat(s.disconnect(60)).isTrue();
      assertThat(s.garbage).isEmpty();
    }
  }

  @Test
  void labelChanges_triggerAutomaticTraining_withNotifications() throws Exception {
    List<DemoLibrary.Track> tracks = DemoLibrary.write(music, 5, 4, 22_050, 9);
    List<Path> files = new ArrayList<>();
    tracks.forEach(t -> files.add(t.path()));
    try (StdioHarness s =
        new StdioHarness(
            library,
            "--no-embeddings",
            "--min-positives",
            "5",
            "--auto-train-threshold",
            "5",
            "--auto-train-debounce",
            "0.2")) {
      s.call(
          1,
          "selection:features:extractAndUpsert",
          (ObjectNode) StdioHarness.params().set("filePaths", paths(files)));
      List<Path> liked = new ArrayList<>();
      List<Path> disliked = new ArrayList<>();
      for (DemoLibrary.Track t : tracks) {
        (t.style() == DemoStyle.TECHNO ? liked : disliked).add(t.path());
      }
      ObjectNode like = StdioHarness.params().put("label", "liked");
      like.set("filePaths", paths(liked));
      s.call(2, "selection:labels:setForFilePaths", like);
      ObjectNode dislike = StdioHarness.params().put("label", "disliked");
      dislike.set("filePaths", paths(disliked));
      s.call(3, "selection:labels:setForFilePaths", dislike);
      JsonNode trained =
          s.await(
              n ->
                  "selection:autoTrainStatus".equals(n.path("method").asText())
                      && "trained".equals(n.get("params").get("status").asText()),
              120);
      assertThat(trained.get("params").get("modelRevision").asInt()).isEqualTo(1);
      assertThat(trained.get("params").get("at").asText()).isNotBlank();
      JsonNode status = s.call(4, "selection:status", null).get("result");
      assertThat(status.get("modelRevision").asInt()).isEqualTo(1);
      assertThat(status.get("sampleChangeCount").asInt()).isZero();
    }
  }

  @Test
  void badInput_getsClearErrors_andTheServerKeepsRunning() throws Exception {
    Path wav = DemoLibrary.write(music, 1, 2, 22_050, 3).get(0).path();
    try (StdioHarness s =
        new StdioHarness(library, "--no-embeddings", "--max-line-bytes", "4096")) {
      s.sendLine("{not json");
      JsonNode parse = s.await(n -> n.has("error"), 10);
      assertThat(parse.get("error").get("code").asInt()).isEqualTo(-32700);
      assertThat(parse.get("id").isNull()).isTrue();

      // A line far longer than the limit is skipped without being held, then answered.
      byte[] huge = new byte[3 * 1024 * 1024];
      Arrays.fill(huge, (byte) 'x');
      s.sendBytes(huge);
      s.sendLine("");
      JsonNode tooLong = s.await(n -> n.has("error"), 10);
      assertThat(tooLong.get("error").get("code").asInt()).isEqualTo(-32700);
      assertThat(tooLong.get("error").get("message").asText()).contains("longer than 4096");

      s.sendLine("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"selection:status\"}]");
      assertThat(s.await(n -> n.has("error"), 10).get("error").get("code").asInt())
          .isEqualTo(-32600);
      s.sendLine("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"selection:status\",\"extra\":1}");
      JsonNode unknownMember = s.response(2);
      assertThat(unknownMember.get("error").get("code").asInt()).isEqualTo(-32600);
      assertThat(unknownMember.get("error").get("message").asText()).contains("extra");
      s.sendLine("{\"jsonrpc\":\"1.0\",\"id\":3,\"method\":\"selection:status\"}");
      assertThat(s.response(3).get("error").get("code").asInt()).isEqualTo(-32600);

      JsonNode unknown = s.call(4, "selection:nope", null);
      assertThat(unknown.get("error").get("code").asInt()).isEqualTo(-32601);

      ObjectNode badLabel = StdioHarness.params().put("label", "love");
      badLabel.putArray("songIds").add("a".repeat(64));
      JsonNode label = s.call(5, "selection:labels:set", badLabel);
      assertThat(label.get("error").get("code").asInt()).isEqualTo(-32602);
      assertThat(label.get("error").get("message").asText()).contains("label");

      ObjectNode unknownField = StdioHarness.params().put("label", "liked").put("songIdz", 1);
      unknownField.putArray("songIds");
      JsonNode field = s.call(6, "selection:labels:set", unknownField);
      assertThat(field.get("error").get("code").asInt()).isEqualTo(-32602);
      assertThat(field.get("error").get("message").asText()).contains("songIdz");

      ObjectNode badId = StdioHarness.params().put("label", "liked");
      badId.putArray("songIds").add("not-an-id");
      assertThat(s.call(7, "selection:labels:set", badId).get("error").get("code").asInt())
          .isEqualTo(-32602);
      ObjectNode relative = StdioHarness.params();
      relative.putArray("filePaths").add("music/a.wav");
      assertThat(
              s.call(8, "selection:features:extractAndUpsert", relative)
                  .get("error")
                  .get("code")
                  .asInt())
          .isEqualTo(-32602);
      assertThat(
              s.call(9, "selection:status", StdioHarness.params().put("x", 1))
                  .get("error")
                  .get("code")
                  .asInt())
          .isEqualTo(-32602);

      // A fault of the SDK: JSON-RPC error -32000 with the SDK's error code.
      JsonNode missing =
          s.call(
              10,
              "selection:songIdFor",
              StdioHarness.params().put("filePath", music.resolve("missing.wav").toString()));
      assertThat(missing.get("error").get("code").asInt()).isEqualTo(-32000);
      assertThat(missing.get("error").get("data").get("errorCode").asText()).isEqualTo("io_error");

      // Missing files are per-file failures of an extraction, not errors of the call.
      ObjectNode someMissing = StdioHarness.params();
      someMissing
          .putArray("filePaths")
          .add(wav.toString())
          .add(music.resolve("gone.flac").toString());
      JsonNode extract = s.call(11, "selection:features:extractAndUpsert", someMissing);
      assertThat(extract.get("result").get("extracted").asInt()).isEqualTo(1);
      assertThat(extract.get("result").get("failures").get(0).get("errorCode").asText())
          .isEqualTo("io_error");

      // A notification (no id) that fails gets no response; the next request still works.
      s.send(null, "selection:nope", null);
      JsonNode status = s.call("after", "selection:status", null);
      assertThat(status.get("result").get("featureRows").asInt()).isEqualTo(1);
      assertThat(s.garbage).isEmpty();
    }
  }

  @Test
  void allowDir_refusesFilesElsewhere() throws Exception {
    Path wav = DemoLibrary.write(music, 1, 2, 22_050, 3).get(0).path();
    try (StdioHarness s =
        new StdioHarness(library, "--no-embeddings", "--allow-dir", library.toString())) {
      ObjectNode p = StdioHarness.params();
      p.putArray("filePaths").add(wav.toString());
      JsonNode r = s.call(1, "selection:features:extractAndUpsert", p).get("result");
      assertThat(r.get("extracted").asInt()).isZero();
      assertThat(r.get("failures").get(0).get("message").asText()).contains("outside");
      JsonNode scan =
          s.call(2, "selection:scan", StdioHarness.params().put("folder", music.toString()));
      assertThat(scan.get("error").get("data").get("errorCode").asText()).isEqualTo("io_error");
    }
  }

  @Test
  void overlappingRequests_andCancel() throws Exception {
    List<DemoLibrary.Track> tracks = DemoLibrary.write(music, 8, 20, 22_050, 5);
    List<Path> files = new ArrayList<>();
    tracks.forEach(t -> files.add(t.path()));
    try (StdioHarness s = new StdioHarness(library, "--no-embeddings")) {
      s.send(
          "scan",
          "selection:features:extractAndUpsert",
          (ObjectNode) StdioHarness.params().set("filePaths", paths(files)));
      // Another request overtakes the long one.
      JsonNode status = s.call(2, "selection:status", null);
      assertThat(status.get("result").get("running").asInt())
          .as("the scan and this call")
          .isEqualTo(2);
      // The id of a running request cannot be reused.
      JsonNode dup = s.call("scan", "selection:status", null);
      assertThat(dup.get("error").get("code").asInt()).isEqualTo(-32600);
      s.await(
          n ->
              "selection:progress".equals(n.path("method").asText())
                  && n.get("params").get("done").asInt() >= 1,
          60);
      s.send(null, "$/cancelRequest", (ObjectNode) StdioHarness.params().put("id", "scan"));
      JsonNode scan = s.response("scan");
      assertThat(scan.get("result").get("cancelled").asBoolean()).as(scan.toString()).isTrue();
      assertThat(scan.get("result").get("extracted").asInt()).isLessThan(files.size());
      // Cancelling a finished request is harmless.
      JsonNode late =
          s.call(3, "$/cancelRequest", (ObjectNode) StdioHarness.params().put("id", "scan"));
      assertThat(late.get("result").get("cancelled").asBoolean()).isFalse();
    }
  }

  @Test
  void hostDisconnectingMidScan_stopsCleanly_andKeepsFinishedWork() throws Exception {
    List<DemoLibrary.Track> tracks = DemoLibrary.write(music, 8, 20, 22_050, 5);
    List<Path> files = new ArrayList<>();
    tracks.forEach(t -> files.add(t.path()));
    StdioHarness s = new StdioHarness(library, "--no-embeddings");
    s.send(
        1,
        "selection:features:extractAndUpsert",
        (ObjectNode) StdioHarness.params().set("filePaths", paths(files)));
    s.await(
        n ->
            "selection:progress".equals(n.path("method").asText())
                && n.get("params").get("done").asInt() >= 1,
        60);
    assertThat(s.disconnect(60)).as("the server stops after the host went away").isTrue();
    try (SelectionEngine engine =
        SelectionEngine.builder(library)
            .embeddings(false)
            .autoTrain(false, 20, Duration.ofSeconds(8))
            .build()) {
      EngineStatus st = engine.status();
      assertThat(st.featureRows()).isBetween(0L, (long) files.size());
      // The library opens and a second scan resumes: nothing half-written.
      long before = st.featureRows();
      var report =
          engine.extractFeatures(
              files,
              new dev.selection.api.ExtractOptions(false, false, 32, false),
              dev.selection.api.ProgressListener.NONE,
              new dev.selection.api.CancellationToken());
      assertThat(report.skipped()).isEqualTo((int) before);
      assertThat(report.failed()).isZero();
    }
  }
}
