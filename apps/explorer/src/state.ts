import type { DiffusionMode } from "./diffusion.js";
import { type Preset, presetById } from "./presets.js";
import type { ScenarioFields } from "./protocol.js";

/** Everything the page needs to rebuild a view: what the URL stores. */
export interface AppState extends ScenarioFields {
  preset: string;
  /** "beta": β is entered; "sgd": η and b are entered and β⁻¹ = η/(2b). */
  tempMode: "beta" | "sgd";
  eta: number;
  batch: number;
  dMode: DiffusionMode;
  da: number;
  db: number;
  dc: number;
  cells: number;
  particles: number;
  seed: number;
  speed: number;
}

/**
 * The state of a preset with the default numerical settings.
 * @example
 * stateFromPreset("double-well").beta; // 3
 */
export function stateFromPreset(id: string): AppState {
  const p: Preset = presetById(id);
  return {
    preset: p.id,
    mode: p.mode,
    f: p.f,
    bx: p.bx,
    by: p.by,
    ref: p.ref,
    lambda: p.lambda,
    tempMode: "beta",
    beta: p.beta,
    eta: 0.1,
    batch: Math.max(1, Math.round((0.1 * p.beta) / 2)),
    dMode: p.diffusion.mode,
    da: p.diffusion.a,
    db: p.diffusion.b,
    dc: p.diffusion.c,
    bounds: [...p.bounds],
    cells: 128,
    particles: 1500,
    seed: 1,
    x0: [...p.x0],
    s0: p.s0,
    dtFrame: p.dtFrame,
    speed: 1,
    nebA: [...p.nebA],
    nebB: [...p.nebB],
    neb: p.neb,
  };
}

/**
 * The inverse temperature the solvers use: β, or 2b/η for SGD parameters (β⁻¹ = η/2b, Lemma 2).
 * @example
 * effectiveBeta({ ...stateFromPreset("double-well"), tempMode: "sgd", eta: 0.1, batch: 10 }); // 200
 */
export function effectiveBeta(s: Pick<AppState, "tempMode" | "beta" | "eta" | "batch">): number {
  return s.tempMode === "sgd" ? (2 * s.batch) / s.eta : s.beta;
}

const NUMBERS = [
  "lambda",
  "beta",
  "eta",
  "batch",
  "da",
  "db",
  "dc",
  "cells",
  "particles",
  "seed",
  "s0",
  "dtFrame",
  "speed",
] as const;
const STRINGS = ["f", "bx", "by", "ref"] as const;
const PAIRS = ["x0", "nebA", "nebB"] as const;

/**
 * Serialises a state into a URL hash fragment (without the leading `#`), query-string syntax.
 * @example
 * location.hash = encodeState(stateFromPreset("muller-brown"));
 */
export function encodeState(s: AppState): string {
  const q = new URLSearchParams();
  q.set("preset", s.preset);
  q.set("mode", s.mode);
  for (const k of STRINGS) q.set(k, s[k]);
  q.set("temp", s.tempMode);
  q.set("d", s.dMode);
  for (const k of NUMBERS) q.set(k, String(s[k]));
  q.set("bounds", s.bounds.join(","));
  for (const k of PAIRS) q.set(k, s[k].join(","));
  q.set("neb", s.neb ? "1" : "0");
  return q.toString();
}

function numberList(v: string | null, n: number): number[] | null {
  if (v === null) return null;
  const parts = v.split(",").map(Number);
  return parts.length === n && parts.every(Number.isFinite) ? parts : null;
}

/**
 * Parses a hash fragment (with or without `#`); missing or malformed entries take the preset's values
 * (the preset named in the hash, else the double well).
 * @example
 * decodeState(encodeState(stateFromPreset("example-19"))).lambda; // 1.5
 */
export function decodeState(hash: string): AppState {
  const q = new URLSearchParams(hash.startsWith("#") ? hash.slice(1) : hash);
  let base: AppState;
  try {
    base = stateFromPreset(q.get("preset") ?? "double-well");
  } catch {
    base = stateFromPreset("double-well");
  }
  const s: AppState = { ...base };
  const mode = q.get("mode");
  if (mode === "potential" || mode === "drift") s.mode = mode;
  for (const k of STRINGS) {
    const v = q.get(k);
    if (v !== null) s[k] = v;
  }
  const temp = q.get("temp");
  if (temp === "beta" || temp === "sgd") s.tempMode = temp;
  const d = q.get("d");
  if (d === "iso" || d === "diag" || d === "angle" || d === "matrix") s.dMode = d;
  for (const k of NUMBERS) {
    const v = q.get(k);
    if (v !== null && v.trim() !== "" && Number.isFinite(Number(v))) s[k] = Number(v);
  }
  const b = numberList(q.get("bounds"), 4);
  if (b) s.bounds = b as AppState["bounds"];
  for (const k of PAIRS) {
    const v = numberList(q.get(k), 2);
    if (v) s[k] = v as [number, number];
  }
  const neb = q.get("neb");
  if (neb !== null) s.neb = neb === "1";
  return s;
}
