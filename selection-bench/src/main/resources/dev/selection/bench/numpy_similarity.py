"""numpy baseline for SimilarityBenchmark: the same per-candidate statistics as the Java kernel
(max, top-5 mean, top-20 mean, centroid cosine) via matrix multiply + argpartition, in row chunks so
that memory stays bounded. Usage: numpy_similarity.py cand.f32 liked.f32 N M DIM REPEATS
Prints one line: 'numpy_seconds best=<s> median=<s> blas=<name>' and a checksum line."""
import sys
import time

import numpy as np


def stats(c, l, chunk=5000):
    n = c.shape[0]
    out = np.empty((n, 4), dtype=np.float32)
    s = l.sum(axis=0, dtype=np.float64)
    centroid = (s / np.linalg.norm(s)).astype(np.float32)
    for a in range(0, n, chunk):
        sim = c[a:a + chunk] @ l.T
        idx = np.argpartition(sim, sim.shape[1] - 20, axis=1)[:, -20:]
        top = np.take_along_axis(sim, idx, axis=1)
        top.sort(axis=1)
        top = top[:, ::-1]
        out[a:a + chunk, 0] = top[:, 0]
        out[a:a + chunk, 1] = top[:, :5].mean(axis=1)
        out[a:a + chunk, 2] = top.mean(axis=1)
        out[a:a + chunk, 3] = c[a:a + chunk] @ centroid
    return out


def main():
    cand_path, liked_path, n, m, dim, repeats = sys.argv[1:7]
    n, m, dim, repeats = int(n), int(m), int(dim), int(repeats)
    c = np.fromfile(cand_path, dtype='<f4').reshape(n, dim)
    l = np.fromfile(liked_path, dtype='<f4').reshape(m, dim)
    stats(c[:1000], l)  # warm-up
    times = []
    out = None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = stats(c, l)
        times.append(time.perf_counter() - t0)
    times.sort()
    cfg = np.__config__.CONFIG if hasattr(np.__config__, 'CONFIG') else {}
    blas = cfg.get('Build Dependencies', {}).get('blas', {}).get('name', 'unknown')
    print('numpy_seconds best=%.6f median=%.6f blas=%s numpy=%s' % (
        times[0], times[len(times) // 2], blas, np.__version__))
    print('checksum max0=%.6f top5_0=%.6f top20_0=%.6f centroid0=%.6f' % tuple(out[0]))


if __name__ == '__main__':
    main()
