"""Peer for bench/run.mjs: solve the identical pinned Fokker-Planck system with scipy's SuperLU.

Usage: python3 scipy_stationary.py MATRIX.bin [SOLUTION.bin]
The file (little-endian) holds: int32 n, int32 nnz, int32 pin, int32 pad, float64 cellVolume,
int32 rowPtr[n+1], int32 colIndex[nnz], float64 values[nnz], float64 rhs[n], float64 density[n]
(density = the JS solver's normalised answer, for the cross-check). Prints one JSON line; with
SOLUTION.bin, also writes scipy's normalised density there (float64[n]) so that the caller can
compare well masses.
"""
import json
import resource
import sys
import time

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla


def main(path: str, out: str | None) -> None:
    with open(path, "rb") as fh:
        n, nnz, pin, _ = np.frombuffer(fh.read(16), dtype="<i4")
        (cell_volume,) = np.frombuffer(fh.read(8), dtype="<f8")
        row_ptr = np.frombuffer(fh.read(4 * (n + 1)), dtype="<i4")
        col = np.frombuffer(fh.read(4 * nnz), dtype="<i4")
        val = np.frombuffer(fh.read(8 * nnz), dtype="<f8")
        rhs = np.frombuffer(fh.read(8 * n), dtype="<f8")
        js = np.frombuffer(fh.read(8 * n), dtype="<f8")
    a = sp.csr_matrix((val, col, row_ptr), shape=(n, n))
    t0 = time.perf_counter()
    c0 = time.process_time()
    x = spla.spsolve(a.tocsc(), rhs)
    seconds = time.perf_counter() - t0
    cpu = time.process_time() - c0
    x = x / (x.sum() * cell_volume)
    rel = float(np.abs(x - js).max() / np.abs(x).max())
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if out:
        x.astype("<f8").tofile(out)
    print(json.dumps({"seconds": seconds, "cpuSeconds": cpu, "maxDiffRelative": rel, "peakMB": peak_mb, "pin": int(pin)}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None)
