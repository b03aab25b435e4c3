#!/usr/bin/env python3
"""Design study of the built-in embedding on real music (docs/efficientat.md), from the numbers
EmbeddingProbe wrote (every 10-s window of every track and the segment policy's three excerpts).

Usage: efficientat_probe.py PROBE_DIR [--seeds 5]   (Debian's python3 with numpy)

Protocol, as TasteEval: sources with >= 10 songs of >= 30 s are liked in turn; for each of 5 seeded
splits every source is split 60/40 (the liked source's training part clamped to 10..20 songs, >= 5
held out); liked = the source's training songs, disliked = the others' training songs; held-out songs
of every source are ranked; ROC-AUC and NDCG@10 per source, then the macro mean over sources.
Compared: which windows (all, K spread evenly, the segment policy), which output (embedding 384,
hidden 512, tag probabilities 527), pooling (mean, mean+std), normalisation (raw cosine, centred,
standardised, standardised with a variance floor), scorer (centroid, mean of the 5 nearest liked,
liked-minus-disliked top-5 margin).
"""
import argparse
import os
import sys
from collections import defaultdict

import numpy as np
import zlib

EMB, LOG, HID = 384, 527, 512
ROW = EMB + LOG + HID


def load(d):
    idx = [l.rstrip("\n").split("\t") for l in open(os.path.join(d, "index.tsv"))]
    data = np.fromfile(os.path.join(d, "windows.f32"), dtype=">f4").reshape(len(idx), ROW)
    tracks = {}
    for (g, f, dur, kind, start, rms), row in zip(idx, data):
        t = tracks.setdefault((g, f), {"group": g, "dur": float(dur), "w": [], "s": []})
        t[kind].append((float(start), float(rms), row))
    return tracks


def pooled(tracks, keys, layer, policy, pool):
    out = []
    for k in keys:
        t = tracks[k]
        rows = t["s"] if policy == "seg" else t["w"]
        if policy.startswith("spread"):
            n = int(policy[6:])
            if len(rows) > n:
                rows = [rows[int(i)] for i in np.linspace(0, len(rows) - 1, n).round()]
        elif policy.startswith("loud"):
            n = int(policy[4:])
            rows = sorted(rows, key=lambda r: -r[1])[:n]
        W = np.array([r[2] for r in rows], dtype=np.float64)
        if layer == "emb":
            W = W[:, :EMB]
        elif layer == "hid":
            W = W[:, EMB + LOG:]
        elif layer == "prob":
            W = 1 / (1 + np.exp(-W[:, EMB:EMB + LOG]))
        elif layer == "emb+prob":
            W = np.concatenate([W[:, :EMB], 1 / (1 + np.exp(-W[:, EMB:EMB + LOG]))], 1)
        v = W.mean(0)
        if pool == "meanstd":
            v = np.concatenate([v, W.std(0)])
        out.append(v)
    return np.array(out)


def normalise(X, how):
    if how == "raw":
        Y = X
    elif how == "centre":
        Y = X - X.mean(0)
    elif how == "std":
        Y = (X - X.mean(0)) / (X.std(0) + 1e-9)
    elif how == "stdfloor":  # standardised with a variance floor: 10 % of the mean variance
        v = X.var(0)
        Y = (X - X.mean(0)) / np.sqrt(v + 0.1 * v.mean())
    return Y / (np.linalg.norm(Y, axis=1, keepdims=True) + 1e-12)


def rankdata(a):
    order = np.argsort(a, kind="mergesort")
    r = np.empty(len(a))
    r[order] = np.arange(1, len(a) + 1)
    # average ties
    sa = a[order]
    i = 0
    while i < len(a):
        j = i
        while j + 1 < len(a) and sa[j + 1] == sa[i]:
            j += 1
        if j > i:
            r[order[i:j + 1]] = (i + j + 2) / 2
        i = j + 1
    return r


def auc(s, y):
    r = rankdata(s)
    p = y.sum()
    n = len(y) - p
    return (r[y == 1].sum() - p * (p + 1) / 2) / (p * n)


def ndcg(s, y, k=10):
    o = np.argsort(-s, kind="mergesort")[:k]
    dcg = sum(y[o[i]] / np.log2(i + 2) for i in range(len(o)))
    ideal = sum(1 / np.log2(i + 2) for i in range(min(k, int(y.sum()))))
    return dcg / ideal


def splits(G, groups, seeds, frac=0.6):
    out = []
    for seed in range(seeds):
        for g in groups:
            rng = np.random.default_rng([seed, zlib.crc32(g.encode())])
            train = np.zeros(len(G), bool)
            for h in sorted(set(G)):
                idx = np.where(G == h)[0]
                rng.shuffle(idx)
                n = len(idx)
                t = int(round(frac * n))
                if h == g:
                    t = max(min(10, n - 5), min(20, t))
                train[idx[:t]] = True
            out.append((g, seed, train))
    return out


def evaluate(Xn, G, sp, scorer):
    res = defaultdict(list)
    for g, seed, train in sp:
        pos = train & (G == g)
        neg = train & (G != g)
        test = ~train
        y = (G[test] == g).astype(int)
        P, N, T = Xn[pos], Xn[neg], Xn[test]
        if scorer == "centroid":
            c = P.mean(0)
            s = T @ (c / np.linalg.norm(c))
        elif scorer == "knn5":
            s = np.sort(T @ P.T, 1)[:, -5:].mean(1)
        elif scorer == "margin5":
            s = np.sort(T @ P.T, 1)[:, -5:].mean(1) - np.sort(T @ N.T, 1)[:, -5:].mean(1)
        res[g].append((auc(s, y), ndcg(s, y)))
    per = {g: np.array(v).mean(0) for g, v in res.items()}
    return per


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("probe")
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--quick", action="store_true")
    a = ap.parse_args()
    tracks = load(a.probe)
    keys = sorted(k for k, t in tracks.items() if t["dur"] >= 30 and t["w"])
    G = np.array([tracks[k]["group"] for k in keys])
    sizes = {g: int((G == g).sum()) for g in sorted(set(G))}
    liked_groups = [g for g, n in sizes.items() if n >= 10]
    print("songs", len(keys), sizes)
    print("liked in turn:", len(liked_groups), "sources")
    sp = splits(G, liked_groups, a.seeds)
    rows = []
    configs = []
    for policy in ["all", "spread4", "spread8", "spread12", "spread16", "spread24", "loud8", "seg"]:
        configs.append(("emb", policy, "mean"))
    for layer in ["hid", "prob", "emb+prob"]:
        configs.append((layer, "all", "mean"))
    configs.append(("emb", "all", "meanstd"))
    if a.quick:
        configs = configs[:1]
    for layer, policy, pool in configs:
        X = pooled(tracks, keys, layer, policy, pool)
        for nm in ["raw", "centre", "std", "stdfloor"]:
            Xn = normalise(X, nm)
            for scorer in ["centroid", "knn5", "margin5"]:
                per = evaluate(Xn, G, sp, scorer)
                au = np.mean([v[0] for v in per.values()])
                nd = np.mean([v[1] for v in per.values()])
                worst = min(per.items(), key=lambda kv: kv[1][0])
                rows.append((layer, policy, pool, nm, scorer, au, nd, worst[0], worst[1][0]))
                print(f"{layer:8} {policy:8} {pool:7} {nm:8} {scorer:8} auc {au:.3f} ndcg10 {nd:.3f}"
                      f"  worst {worst[0]} {worst[1][0]:.3f}", flush=True)
    print("\nbest by ROC-AUC:")
    for r in sorted(rows, key=lambda r: -r[5])[:15]:
        print("  ", r)


if __name__ == "__main__":
    main()
