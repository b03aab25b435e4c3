#!/usr/bin/env python3
"""SGEMM baseline for OpenL3Benchmark: GFLOP/s of a 1024^3 float32 matmul in numpy (BLAS), 2 threads.

Run: OPENBLAS_NUM_THREADS=2 OMP_NUM_THREADS=2 python3 selection-bench/sgemm_numpy.py
"""
import time
import numpy as np

n = 1024
rng = np.random.default_rng(2)
a = rng.random((n, n), dtype=np.float32) - 0.5
b = rng.random((n, n), dtype=np.float32) - 0.5
a @ b  # warm up
best = float('inf')
runs = []
for _ in range(20):
    t = time.perf_counter()
    a @ b
    runs.append(time.perf_counter() - t)
runs.sort()
median = runs[len(runs) // 2]
print('numpy %s sgemm %d^3: median %.1f GFLOP/s, best %.1f GFLOP/s' % (
    np.__version__, n, 2 * n ** 3 / median / 1e9, 2 * n ** 3 / runs[0] / 1e9))
