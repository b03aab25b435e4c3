package dev.selection.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The outcome of one run, printed as one JSON line like {@code selection scan --json}.
 *
 * @param total distinct files listed
 * @param extracted files analysed in this run
 * @param skipped files whose rows were current (same path, size and mtime, or the same file hash,
 *     with the current extractor versions); a file found by its hash gets a copy of the row
 * @param failed files that failed in this run, and files whose earlier failure still holds
 * @param partitions tasks that analysed files
 * @param analysisSeconds wall-clock time of the analysis stage (the rest is listing and planning)
 * @param elapsedSeconds wall-clock time of the run
 */
record AnalyzeSummary(
    long total,
    long extracted,
    long skipped,
    long failed,
    int partitions,
    double analysisSeconds,
    double elapsedSeconds) {

  String toJson() {
    ObjectNode n = new ObjectMapper().createObjectNode();
    n.put("total", total);
    n.put("extracted", extracted);
    n.put("skipped", skipped);
    n.put("failed", failed);
    n.put("partitions", partitions);
    n.put("analysisSeconds", Math.round(analysisSeconds * 1000) / 1000.0);
    n.put("elapsedSeconds", Math.round(elapsedSeconds * 1000) / 1000.0);
    return n.toString();
  }
}
