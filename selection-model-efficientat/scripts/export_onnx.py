#!/usr/bin/env python3
"""Builds the shipped ONNX model from the released EfficientAT mn04_as weights.

Usage: export_onnx.py --pt mn04_as_mAP_432.pt --out DIR

Writes DIR/mn04_as.onnx and DIR/manifest.json (the shipped manifest: names, shapes, front-end
constants, checksums). Needs Debian's python3-torch (1.13) and python3-onnx; nothing else.
Input  ``mel``       float32 [N, 1, 128, T] (the log-mel front end's output, see the module README)
Output ``logits``    float32 [N, 527]
       ``embedding`` float32 [N, 384]
       ``hidden``    float32 [N, 512]
N and T are dynamic. Batch norm is folded into the convolutions (eval mode); the weights are the
released ones, unchanged otherwise. The export is deterministic: the same inputs give the same bytes.
"""
import argparse
import hashlib
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mn04  # noqa: E402

OPSET = 17


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pt", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    torch.manual_seed(0)
    model = mn04.load(args.pt)
    os.makedirs(args.out, exist_ok=True)
    path = os.path.join(args.out, "mn04_as.onnx")
    dummy = torch.zeros(1, 1, 128, 1000)
    torch.onnx.export(
        model, dummy, path,
        input_names=["mel"], output_names=["logits", "embedding", "hidden"],
        dynamic_axes={"mel": {0: "batch", 3: "frames"}, "logits": {0: "batch"},
                      "embedding": {0: "batch"}, "hidden": {0: "batch"}},
        opset_version=OPSET, do_constant_folding=True,
        training=torch.onnx.TrainingMode.EVAL)
    import onnx
    m = onnx.load(path)
    onnx.checker.check_model(m)
    m.producer_name = "selection-model-efficientat export_onnx.py"
    m.doc_string = ("EfficientAT mn04_as (MIT, Copyright (c) 2022 Florian Schmid), AudioSet tagger; "
                    "input: log-mel [N,1,128,T] as EfficientAT's AugmentMelSTFT in eval mode")
    onnx.save(m, path)
    with open(path, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    ops = sorted({n.op_type for n in m.graph.node})
    with open(args.pt, "rb") as f:
        pt_digest = hashlib.sha256(f.read()).hexdigest()
    manifest = {
        "name": "efficientat-mn04",
        "kind": "efficientat",
        "version": "mn04_as-mAP432-opset17-v1",
        "modelFile": "mn04_as.onnx",
        "sha256": digest,
        "labelsFile": "audioset_labels.csv",
        "input": {"name": "mel", "shape": ["batch", 1, 128, "frames"]},
        "outputs": {"logits": ["batch", 527], "embedding": ["batch", 384], "hidden": ["batch", 512]},
        "frontEnd": {"sampleRateHz": 32000, "fftSize": 1024, "windowLength": 800, "hopSamples": 320,
                     "melBands": 128, "fMinHz": 0.0, "fMaxHz": 15000.0, "preemphasis": 0.97,
                     "logOffset": 1e-5, "shift": 4.5, "scale": 5.0},
        "source": {"code": "github fschmid56/EfficientAT a425fdc (MIT)",
                   "weights": "mn04_as_mAP_432.pt", "weightsSha256": pt_digest,
                   "export": "selection-model-efficientat/scripts/export_onnx.py, torch " + torch.__version__
                             + ", onnx opset " + str(OPSET)},
        "license": "MIT (Copyright (c) 2022 Florian Schmid); AudioSet labels CC BY 4.0",
    }
    import json
    with open(os.path.join(args.out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    print(f"{path} {os.path.getsize(path)} bytes sha256={digest}")
    print("ops:", " ".join(ops))


if __name__ == "__main__":
    main()
