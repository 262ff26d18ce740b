import { checkDiffusion, eigenvalues2 } from "./diffusion.js";
import { PRESETS } from "./presets.js";
import type { FromWorker, NebState, SimConfig, ToWorker } from "./protocol.js";
import { drawChart, drawField, drawMessage, prepareCanvas } from "./render.js";
import { type AppState, decodeState, effectiveBeta, encodeState, stateFromPreset } from "./state.js";

/** What the end-to-end tests read (a stable hook, not UI). */
export interface ExplorerProbe {
  ready: boolean;
  configured: number;
  t: number[];
  kl: number[];
  free: number[];
  frameMs: number[];
  fpMs: number[];
  sdeMs: number[];
  nebMs: number[];
  renderMs: number[];
  method: string;
  errors: Record<string, string>;
  neb: { iterations: number; fmax: number; barrier: number; saddle: [number, number] } | null;
}

declare global {
  interface Window {
    __explorer: ExplorerProbe;
  }
}

const $ = <T extends HTMLElement = HTMLInputElement>(id: string) => document.getElementById(id) as T;
const probe: ExplorerProbe = {
  ready: false,
  configured: 0,
  t: [],
  kl: [],
  free: [],
  frameMs: [],
  fpMs: [],
  sdeMs: [],
  nebMs: [],
  renderMs: [],
  method: "",
  errors: {},
  neb: null,
};
window.__explorer = probe;

const worker = new Worker(new URL("./worker.ts", import.meta.url), { type: "module" });
const send = (m: ToWorker) => worker.postMessage(m);

let state: AppState = location.hash.length > 1 ? decodeState(location.hash) : stateFromPreset("double-well");
let configId = 0;
let playing = false;
let pending = false;
let logZ = 0;
let beta = 1;

// the latest fields received from the worker
let view: Extract<FromWorker, { type: "ready" }> | null = null;
let rho: Float64Array | null = null;
let jt: Float32Array | null = null;
let particles: Float64Array | null = null;
let neb: NebState | null = null;
let nebMessage = "";
let energyClip = 0;

// ---------- form <-> state ----------
const presetSel = $<HTMLSelectElement>("preset");
for (const p of PRESETS) presetSel.add(new Option(p.label, p.id));

const D_LABELS: Record<AppState["dMode"], [string, string, string]> = {
  iso: ["c", "–", "–"],
  diag: ["D₁₁", "D₂₂", "–"],
  angle: ["angle °", "ratio λ₂/λ₁", "scale λ₁"],
  matrix: ["D₁₁", "D₂₂", "D₁₂"],
};

function writeForm(s: AppState): void {
  presetSel.value = s.preset;
  Array.from(document.querySelectorAll<HTMLInputElement>("input[name=mode]")).forEach((r) => {
    r.checked = r.value === s.mode;
  });
  Array.from(document.querySelectorAll<HTMLInputElement>("input[name=temp]")).forEach((r) => {
    r.checked = r.value === s.tempMode;
  });
  $("f").value = s.f;
  $("bx").value = s.bx;
  $("by").value = s.by;
  $("ref").value = s.ref;
  $("lambda").value = String(s.lambda);
  $("beta").value = String(s.beta);
  $("eta").value = String(s.eta);
  $("batch").value = String(s.batch);
  $<HTMLSelectElement>("dmode").value = s.dMode;
  $("da").value = String(s.da);
  $("db").value = String(s.db);
  $("dc").value = String(s.dc);
  ["xmin", "xmax", "ymin", "ymax"].forEach((k, i) => {
    $(k).value = String(s.bounds[i]);
  });
  $<HTMLSelectElement>("cells").value = String(s.cells);
  $("particles").value = String(s.particles);
  $("dtFrame").value = String(s.dtFrame);
  $("x0x").value = String(s.x0[0]);
  $("x0y").value = String(s.x0[1]);
  $("s0").value = String(s.s0);
  $("neb").checked = s.neb;
  $("nebA").value = s.nebA.join(", ");
  $("nebB").value = s.nebB.join(", ");
  $("seed").value = String(s.seed);
  $<HTMLSelectElement>("speed").value = String(s.speed);
  syncVisibility(s);
}

function pair(v: string): [number, number] {
  const p = v
    .split(/[ ,;]+/)
    .filter(Boolean)
    .map(Number);
  return [p[0], p[1]];
}

function readForm(): AppState {
  const num = (id: string) => Number($(id).value);
  const checked = (name: string) =>
    (document.querySelector(`input[name=${name}]:checked`) as HTMLInputElement | null)?.value;
  return {
    preset: presetSel.value,
    mode: checked("mode") === "drift" ? "drift" : "potential",
    f: $("f").value,
    bx: $("bx").value,
    by: $("by").value,
    ref: $("ref").value,
    lambda: num("lambda"),
    tempMode: checked("temp") === "sgd" ? "sgd" : "beta",
    beta: num("beta"),
    eta: num("eta"),
    batch: num("batch"),
    dMode: $<HTMLSelectElement>("dmode").value as AppState["dMode"],
    da: num("da"),
    db: num("db"),
    dc: num("dc"),
    bounds: [num("xmin"), num("xmax"), num("ymin"), num("ymax")],
    cells: num("cells"),
    particles: Math.max(0, Math.round(num("particles"))),
    seed: Math.round(num("seed")),
    x0: [num("x0x"), num("x0y")],
    s0: num("s0"),
    dtFrame: num("dtFrame"),
    speed: Number($<HTMLSelectElement>("speed").value),
    nebA: pair($("nebA").value),
    nebB: pair($("nebB").value),
    neb: $("neb").checked,
  };
}

function syncVisibility(s: AppState): void {
  $("potential-fields").style.display = s.mode === "potential" ? "" : "none";
  $("drift-fields").style.display = s.mode === "drift" ? "" : "none";
  $("beta-fields").style.display = s.tempMode === "beta" ? "" : "none";
  $("sgd-fields").style.display = s.tempMode === "sgd" ? "" : "none";
  const labels = D_LABELS[s.dMode];
  (["da", "db", "dc"] as const).forEach((id, k) => {
    $(`${id}-label`).textContent = labels[k];
    $(id).disabled = labels[k] === "–";
  });
  $("contour-name").textContent =
    s.mode === "potential" ? "f" : s.ref.trim() ? "the reference potential" : "Φ";
}

// ---------- errors next to fields ----------
const FIELD_INPUT: Record<string, string[]> = {
  f: ["f"],
  bx: ["bx"],
  by: ["by"],
  ref: ["ref"],
  beta: ["beta", "eta", "batch"],
  D: ["da", "db", "dc"],
  bounds: ["xmin", "xmax", "ymin", "ymax"],
  general: [],
};

function clearErrors(): void {
  for (const [field, inputs] of Object.entries(FIELD_INPUT)) {
    $(`${field}-error`).textContent = "";
    for (const id of inputs) $(id).classList.remove("invalid");
  }
  probe.errors = {};
}

function showError(field: string, message: string, position?: number): void {
  const key = field in FIELD_INPUT ? field : "general";
  const where = position && !/column/.test(message) ? ` (column ${position})` : "";
  $(`${key}-error`).textContent =
    `${message.split("\n")[0]}${where}${message.includes("\n") ? `\n${message.split("\n").slice(1).join("\n")}` : ""}`;
  for (const id of FIELD_INPUT[key]) $(id).classList.add("invalid");
  probe.errors[key] = message;
  if (position && (key === "f" || key === "bx" || key === "by" || key === "ref")) {
    const el = $<HTMLTextAreaElement>(key);
    el.setSelectionRange(position - 1, position);
  }
  setStatus(
    `error in ${key === "D" ? "D" : key === "beta" ? "temperature" : key}${view ? ": the views show the last valid problem" : ""}`,
  );
}

function setStatus(text: string): void {
  $("status").textContent = text;
}

// ---------- configure ----------
function apply(s: AppState): void {
  state = s;
  history.replaceState(null, "", `#${encodeState(s)}`);
  syncVisibility(s);
  clearErrors();
  beta = effectiveBeta(s);
  $("temp-info").textContent =
    s.tempMode === "sgd"
      ? `β⁻¹ = η/2b = ${s.eta}/(2·${s.batch}) = ${(1 / beta).toPrecision(4)}  (β = ${beta.toPrecision(4)})`
      : `β⁻¹ = ${(1 / beta).toPrecision(4)}`;
  if (!(beta > 0) || !Number.isFinite(beta)) {
    showError("beta", s.tempMode === "sgd" ? "η and b must be positive" : "β must be a positive number");
    return;
  }
  let D: Float64Array;
  try {
    D = checkDiffusion({ mode: s.dMode, a: s.da, b: s.db, c: s.dc });
  } catch (e) {
    $("d-info").textContent = "";
    showError("D", `D is not positive-definite: ${(e as Error).message}`);
    return;
  }
  const [l1, l2] = eigenvalues2(D);
  $("d-info").textContent =
    `D = [[${D[0].toFixed(3)}, ${D[1].toFixed(3)}], [${D[2].toFixed(3)}, ${D[3].toFixed(3)}]]\n` +
    `eigenvalues ${l1.toFixed(3)}, ${l2.toFixed(3)}`;
  for (const [k, p] of [
    ["nebA", s.nebA],
    ["nebB", s.nebB],
    ["x0", s.x0],
  ] as const) {
    if (!p.every(Number.isFinite)) {
      showError("general", `${k} needs two numbers "x, y"`);
      return;
    }
  }
  if (!(s.dtFrame > 0) || !(s.s0 > 0)) {
    showError("general", "Δt/frame and σ₀ must be positive");
    return;
  }
  const config: SimConfig = {
    mode: s.mode,
    f: s.f,
    bx: s.bx,
    by: s.by,
    ref: s.ref,
    lambda: s.lambda,
    beta,
    D: Array.from(D),
    bounds: s.bounds,
    cells: s.cells,
    particles: s.particles,
    seed: s.seed,
    x0: s.x0,
    s0: s.s0,
    dtFrame: s.dtFrame,
    nebA: s.nebA,
    nebB: s.nebB,
    neb: s.neb,
  };
  configId++;
  probe.ready = false;
  pending = true;
  setStatus("building the operator and the stationary state…");
  send({ type: "configure", id: configId, config });
}

// ---------- drawing ----------
function quantile(v: ArrayLike<number>, q: number): number {
  const a = Array.from(v)
    .filter(Number.isFinite)
    .sort((x, y) => x - y);
  return a[Math.floor(q * (a.length - 1))];
}

function render(): void {
  if (!view || !rho) return;
  const t0 = performance.now();
  const contour = view.contour ?? view.phi;
  drawField($<HTMLCanvasElement>("view-rho"), {
    key: "rho",
    title: `ρₜ   (t = ${probe.t.length ? probe.t[probe.t.length - 1].toFixed(3) : "0"})`,
    values: rho,
    nx: view.nx,
    ny: view.ny,
    bounds: view.bounds,
    cmap: "viridis",
    vmin: 0,
    colorbarLabel: "ρₜ (density)",
    contour,
    arrows: $("arrows-t").checked ? jt : null,
    particles,
  });
  drawField($<HTMLCanvasElement>("view-ss"), {
    key: "ss",
    title: `ρₛₛ, contours of Φ, current Jₛₛ   (β = ${beta.toPrecision(3)})${view.jssZero ? "   Jₛₛ ≈ 0: detailed balance" : ""}`,
    values: view.rhoSS,
    nx: view.nx,
    ny: view.ny,
    bounds: view.bounds,
    cmap: "magma",
    vmin: 0,
    colorbarLabel: "ρₛₛ (density)",
    contour: view.phi,
    contour2: state.mode === "potential" ? view.contour : null,
    arrows: view.jss,
    arrowColor: "rgba(120, 220, 255, 0.95)",
  });
  const curves = prepareCanvas($<HTMLCanvasElement>("view-curves"));
  const half = curves.h / 2;
  drawChart(curves.ctx, [{ x: probe.t, y: probe.kl, color: "#2463eb", label: "KL(ρₜ ‖ ρₛₛ)" }], {
    title: "KL(ρₜ ‖ ρₛₛ), log scale",
    xLabel: "t",
    yLabel: "KL (nats)",
    logY: true,
    rect: { x: 0, y: 0, w: curves.w, h: half },
    legend: false,
  });
  drawChart(
    curves.ctx,
    [
      { x: probe.t, y: probe.free, color: "#d9480f", label: "F(ρₜ)" },
      { x: probe.t, y: probe.t.map(() => -logZ / beta), color: "#868e96", label: "−β⁻¹ log Z (limit)" },
    ],
    {
      title: "free energy F(ρₜ) = E[Φ] − β⁻¹H(ρₜ)",
      xLabel: "t",
      yLabel: "F",
      rect: { x: 0, y: half, w: curves.w, h: half },
    },
  );
  renderNeb(contour);
  probe.renderMs.push(performance.now() - t0);
}

function renderNeb(contour: ArrayLike<number>): void {
  if (!view) return;
  const canvas = $<HTMLCanvasElement>("view-neb");
  const energy = view.contour;
  if (!energy || !neb) {
    drawMessage(canvas, nebMessage || "NEB off");
    prepareCanvas($<HTMLCanvasElement>("view-profile"));
    return;
  }
  drawField(canvas, {
    key: "neb",
    title: `NEB on ${view.contourLabel === "f" ? "f" : "ref."}: ${neb.iterations} it., fmax ${neb.fmax.toExponential(1)}${neb.converged ? " ✓" : ""}`,
    values: energy,
    nx: view.nx,
    ny: view.ny,
    bounds: view.bounds,
    cmap: "viridis",
    vmax: energyClip,
    colorbarLabel: "",
    contour,
    band: neb.path,
    saddle: neb.saddle,
  });
  const p = prepareCanvas($<HTMLCanvasElement>("view-profile"));
  let top = 0;
  for (let k = 1; k < neb.profileE.length; k++) if (neb.profileE[k] > neb.profileE[top]) top = k;
  drawChart(
    p.ctx,
    [
      { x: neb.profileS, y: neb.profileE, color: "#2463eb", label: "cubic profile" },
      { x: neb.imageS, y: neb.imageE, color: "rgba(27,31,36,0.35)", label: "images", dots: true },
    ],
    {
      title: `profile: barrier ΔE = ${neb.barrier.toPrecision(3)}`,
      legend: false,
      xLabel: "arc length s",
      yLabel: "energy",
      rect: { x: 0, y: 0, w: p.w, h: p.h },
      marker: {
        x: neb.profileS[top],
        y: neb.profileE[top],
        label: `saddle (${neb.saddle[0].toFixed(2)}, ${neb.saddle[1].toFixed(2)})`,
      },
    },
  );
}

// ---------- worker messages ----------
worker.onmessage = (ev: MessageEvent<FromWorker>) => {
  const m = ev.data;
  if (m.id !== configId) return;
  pending = false;
  if (m.type === "error") {
    playing = false;
    updatePlay();
    showError(m.field, m.message, m.position);
    return;
  }
  if (m.type === "ready") {
    view = m;
    rho = m.rho;
    jt = m.jt;
    particles = m.particles;
    neb = m.neb;
    nebMessage = m.nebMessage;
    logZ = m.logZ;
    energyClip = m.contour ? quantile(m.contour, 0.6) : 0;
    probe.t = [0];
    probe.kl = [m.kl];
    probe.free = [m.free];
    probe.frameMs = [];
    probe.fpMs = [];
    probe.sdeMs = [];
    probe.nebMs = [];
    probe.renderMs = [];
    probe.method = m.info;
    probe.configured++;
    probe.ready = true;
    $("info").textContent =
      `${m.info}; set-up ${m.setupMs.toFixed(0)} ms.${m.warnings.length ? ` Warnings: ${m.warnings.slice(0, 3).join("; ")}` : ""}`;
    setStatus(`t = 0, KL = ${m.kl.toExponential(3)}`);
    render();
    if (playing) requestFrame();
    return;
  }
  // frame
  rho = m.rho;
  jt = m.jt;
  particles = m.particles;
  if (m.neb) {
    neb = m.neb;
    probe.neb = { iterations: neb.iterations, fmax: neb.fmax, barrier: neb.barrier, saddle: neb.saddle };
  }
  if (m.t === 0) {
    probe.t = [0];
    probe.kl = [m.kl];
    probe.free = [m.free];
  } else {
    probe.t.push(m.t);
    probe.kl.push(m.kl);
    probe.free.push(m.free);
    probe.frameMs.push(m.frameMs);
    probe.fpMs.push(m.fpMs);
    probe.sdeMs.push(m.sdeMs);
    probe.nebMs.push(m.nebMs);
  }
  setStatus(
    `t = ${m.t.toFixed(3)}   KL = ${m.kl.toExponential(3)}   frame ${m.frameMs.toFixed(1)} ms (density step ${m.fpMs.toFixed(1)} ms)${m.warning ? `   ⚠ ${m.warning}` : ""}`,
  );
  render();
  if (playing) requestFrame();
};

function requestFrame(): void {
  if (pending || !probe.ready) return;
  pending = true;
  requestAnimationFrame(() => send({ type: "frames", id: configId, frames: 1, speed: state.speed }));
}

function updatePlay(): void {
  $("play").textContent = playing ? "❚❚ Pause" : "▶ Play";
}

// ---------- events ----------
presetSel.addEventListener("change", () => {
  const keep = readForm();
  const s = stateFromPreset(presetSel.value);
  s.cells = keep.cells;
  s.particles = keep.particles;
  s.speed = keep.speed;
  writeForm(s);
  apply(s);
});
for (const el of Array.from(
  document.querySelectorAll<HTMLElement>("#controls input, #controls textarea, #controls select"),
)) {
  if (el.id === "preset") continue;
  el.addEventListener("change", () => {
    const s = readForm();
    syncVisibility(s);
    apply(s);
  });
}
$("speed").addEventListener("change", () => {
  state.speed = Number($<HTMLSelectElement>("speed").value);
  history.replaceState(null, "", `#${encodeState(state)}`);
});
$("arrows-t").addEventListener("change", render);
$("play").addEventListener("click", () => {
  playing = !playing;
  updatePlay();
  if (playing) requestFrame();
});
$("step").addEventListener("click", () => {
  playing = false;
  updatePlay();
  requestFrame();
});
$("reset").addEventListener("click", () => {
  if (!probe.ready) return;
  pending = true;
  send({ type: "reset", id: configId });
});
$("share").addEventListener("click", async () => {
  try {
    await navigator.clipboard.writeText(location.href);
    setStatus("link copied");
  } catch {
    setStatus(location.href);
  }
});
window.addEventListener("keydown", (e) => {
  if (e.key === " " && !(e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement)) {
    e.preventDefault();
    $("play").click();
  }
});
window.addEventListener("resize", render);
window.addEventListener("hashchange", () => {
  if (location.hash.slice(1) === encodeState(state)) return;
  const s = decodeState(location.hash);
  writeForm(s);
  apply(s);
});

writeForm(state);
apply(state);
