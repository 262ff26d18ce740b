"""ASE peer for bench/run.mjs: NEB with FIRE on the Müller–Brown surface.

Runs with Debian's python3-ase (`/usr/bin/python3 bench/ase_neb.py`). One atom per image moving
in the (x, y) plane: the calculator returns E(x, y) and the force (-dE/dx, -dE/dy, 0), and a
FixCartesian constraint freezes z. Settings (climbing image on unless --no-climb, improved tangent):
9 images (2 fixed endpoints + 7 moving), k = 0.1 (ASE's default), FIRE with ASE's defaults
(dt 0.1, maxstep 0.2, dtmax 1.0, Nmin 5, finc 1.1, fdec 0.5, astart 0.1, fa 0.99), fmax = 0.05.
Prints one JSON line: evaluations (calculator calls), steps, wall seconds (median over --repeat
runs of `opt.run` alone, interpreter start-up excluded), saddle estimate.

Usage: /usr/bin/python3 bench/ase_neb.py [--no-climb] [--optimizer fire|lbfgs] [--repeat N]
"""
import argparse
import json
import sys
import time

import numpy as np
from ase import Atoms
from ase.calculators.calculator import Calculator, all_changes
from ase.constraints import FixCartesian
from ase.neb import NEB
from ase.optimize import FIRE, LBFGS

A = np.array([-200.0, -100.0, -170.0, 15.0])
a = np.array([-1.0, -1.0, -6.5, 0.7])
b = np.array([0.0, 0.0, 11.0, 0.6])
c = np.array([-10.0, -10.0, -6.5, 0.7])
x0 = np.array([1.0, 0.0, -0.5, -1.0])
y0 = np.array([0.0, 0.5, 1.5, 1.0])

CALLS = [0]
STEPS = [1000]


def muller_brown(x, y):
    dx = x - x0
    dy = y - y0
    v = A * np.exp(a * dx * dx + b * dx * dy + c * dy * dy)
    return v.sum(), (v * (2 * a * dx + b * dy)).sum(), (v * (b * dx + 2 * c * dy)).sum()


class MullerBrown(Calculator):
    implemented_properties = ["energy", "forces"]

    def calculate(self, atoms=None, properties=["energy"], system_changes=all_changes):
        Calculator.calculate(self, atoms, properties, system_changes)
        CALLS[0] += 1
        x, y, _ = self.atoms.positions[0]
        e, gx, gy = muller_brown(x, y)
        self.results = {"energy": e, "forces": np.array([[-gx, -gy, 0.0]])}


def run_once(climb, method, optimizer):
    CALLS[0] = 0
    start = np.array([-0.558224, 1.441726])
    end = np.array([0.623499, 0.028038])
    n = 9
    images = []
    for i in range(n):
        t = i / (n - 1)
        p = (1 - t) * start + t * end
        atoms = Atoms("H", positions=[[p[0], p[1], 0.0]])
        atoms.set_constraint(FixCartesian(0, mask=(False, False, True)))
        atoms.calc = MullerBrown()
        images.append(atoms)
    neb = NEB(images, k=0.1, climb=climb, method=method)
    if optimizer == "fire":
        opt = FIRE(neb, logfile=None)
    else:
        opt = LBFGS(neb, logfile=None)
    t0 = time.perf_counter()
    converged = opt.run(fmax=0.05, steps=STEPS[0])
    wall = time.perf_counter() - t0
    energies = [im.get_potential_energy() for im in images]
    imax = int(np.argmax(energies[1:-1])) + 1
    return {
        "converged": bool(converged),
        "steps": opt.nsteps,
        "evaluations": CALLS[0],
        "wall_s": wall,
        "saddle": images[imax].positions[0, :2].tolist(),
        "saddle_energy": energies[imax],
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--no-climb", action="store_true")
    ap.add_argument("--method", default="improvedtangent")
    ap.add_argument("--optimizer", default="fire", choices=["fire", "lbfgs"])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--steps", type=int, default=1000)
    args = ap.parse_args()
    STEPS[0] = args.steps
    runs = [run_once(not args.no_climb, args.method, args.optimizer) for _ in range(args.repeat)]
    out = runs[0]
    out["wall_s"] = float(np.median([r["wall_s"] for r in runs]))
    out["repeat"] = args.repeat
    out["climb"] = not args.no_climb
    out["method"] = args.method
    out["optimizer"] = args.optimizer
    out["ase"] = __import__("ase").__version__
    print(json.dumps(out))


if __name__ == "__main__":
    main()
