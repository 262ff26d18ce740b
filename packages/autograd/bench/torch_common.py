"""Shared by the PyTorch peers of bench/run.mjs (torch_mlp.py, torch_conv.py)."""
import time


def best_rate(fn, budget_s, repeats=3, warmup=5):
    """Best of `repeats` runs, each as many calls as fit in budget_s/repeats of this process's CPU
    time, after `warmup` calls: calls per CPU second (one thread, so CPU time is the time the work
    took)."""
    for _ in range(warmup):
        fn()
    best = 0.0
    for _ in range(repeats):
        n = 0
        t0 = time.process_time()
        while True:
            fn()
            n += 1
            dt = time.process_time() - t0
            if dt > budget_s / repeats:
                break
        best = max(best, n / dt)
    return best
