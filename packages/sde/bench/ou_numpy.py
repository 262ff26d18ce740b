"""Peer for bench/run.mjs: 2-D Ornstein-Uhlenbeck, Euler-Maruyama, numpy in place.

dx = -theta x dt + s dW for N particles x 100 steps; prints particle-steps per second (best of REPS,
default 3) by wall clock and by process CPU time (the latter is steadier on a loaded machine).
Usage: ou_numpy.py [N] [STEPS] [REPS]
"""
import sys
import time

import numpy as np

N = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
STEPS = int(sys.argv[2]) if len(sys.argv) > 2 else 100
REPS = int(sys.argv[3]) if len(sys.argv) > 3 else 3
theta, s, dt = 1.0, 0.5, 0.01
rng = np.random.default_rng(42)
best = float("inf")
best_cpu = float("inf")
for _ in range(REPS):
    x = np.zeros((N, 2))
    x[:, 0] = 1.0
    z = np.empty((N, 2))
    drift = np.empty((N, 2))
    t0 = time.perf_counter()
    c0 = time.process_time()
    for _ in range(STEPS):
        rng.standard_normal(out=z)
        np.multiply(x, -theta * dt, out=drift)
        x += drift
        z *= s * np.sqrt(dt)
        x += z
    best = min(best, time.perf_counter() - t0)
    best_cpu = min(best_cpu, time.process_time() - c0)
print(f"{N * STEPS / best:.4e} {N * STEPS / best_cpu:.4e}")
