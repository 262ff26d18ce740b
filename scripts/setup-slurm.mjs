#!/usr/bin/env node
// `pnpm setup:slurm`: a single-node Slurm test cluster on this machine, for the array-job tests.
// Slurm itself (Debian's slurmctld, slurmd, slurm-client and munge), never a home-made scheduler.
//
// Idempotent: when `sinfo` already answers with a usable node (this script ran before, or this is a
// login node of a real cluster) it says so and stops in well under a second. Otherwise, as root:
// installs the packages with apt-get if they are missing, writes /etc/slurm/slurm.conf for one node
// (proctrack/linuxproc, task/none, no cgroups and no accounting daemon, so it works in a container),
// starts munged as the munge user, then slurmctld and slurmd, and waits until the node takes jobs.
// Not root and no cluster: it says what to do and exits 1 (like setup:browser).
import { execFileSync, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism, hostname } from "node:os";

const t0 = performance.now();
const say = (m) => console.log(`setup:slurm: ${m}`);
const fail = (m) => {
  console.error(`setup:slurm: ${m}`);
  process.exit(1);
};
const elapsed = () => `${((performance.now() - t0) / 1000).toFixed(1)} s`;

/** Runs a command; returns { ok, out } and never throws (a missing binary is just not ok). */
function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { encoding: "utf8", timeout: 15_000, ...options });
  return { ok: r.status === 0, out: `${r.stdout ?? ""}${r.stderr ?? ""}`.trim() };
}

/** The node states sinfo reports, or null when no controller answers. */
function nodeStates() {
  const r = run("sinfo", ["-h", "-N", "-o", "%N %T"], { timeout: 8_000 });
  if (!r.ok || r.out === "") return null;
  return r.out.split("\n").map((line) => line.trim().split(/\s+/));
}

const usable = (states) => states?.some(([, s]) => /^(idle|mixed|allocated|completing)/.test(s)) ?? false;

const before = nodeStates();
if (usable(before)) {
  say(`Slurm is up (${before.map((s) => s.join(" ")).join(", ")}); nothing to do (${elapsed()})`);
  process.exit(0);
}

const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
if (!isRoot) {
  fail(
    "no Slurm cluster answers (sinfo) and this is not root, so none can be set up here. Run " +
      "`sudo pnpm setup:slurm` (it installs Debian's slurmctld, slurmd, slurm-client and munge and " +
      "starts a one-node cluster), or run on a login node of a real cluster. Without Slurm the " +
      "array-job tests skip and say so.",
  );
}

// 1. The packages.
const binaries = ["/usr/sbin/slurmctld", "/usr/sbin/slurmd", "/usr/bin/sbatch", "/usr/sbin/munged"];
if (binaries.some((b) => !existsSync(b))) {
  if (!existsSync("/usr/bin/apt-get")) fail(`${binaries.join(", ")} are needed and there is no apt-get here`);
  say("installing slurmctld, slurmd, slurm-client and munge with apt-get ...");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const install = [
    "install",
    "-y",
    "-q",
    "--no-install-recommends",
    "slurmctld",
    "slurmd",
    "slurm-client",
    "munge",
  ];
  const first = spawnSync("apt-get", install, { stdio: "inherit", env });
  if (first.status !== 0) {
    execFileSync("apt-get", ["update", "-q"], { stdio: "inherit", env });
    execFileSync("apt-get", install, { stdio: "inherit", env });
  }
  say(`packages installed (${elapsed()})`);
}

// 2. munge: its key (the package makes one), its socket folder, then the daemon as the munge user.
const mungeUser = run("id", ["-u", "munge"]);
if (!mungeUser.ok) fail("the munge package created no munge user");
const mungeUid = Number(mungeUser.out);
const mungeGid = Number(run("id", ["-g", "munge"]).out);
if (!existsSync("/etc/munge/munge.key")) {
  const made = run("/usr/sbin/mungekey", ["--create", "--keyfile", "/etc/munge/munge.key"]);
  if (!made.ok) fail(`could not create /etc/munge/munge.key: ${made.out}`);
  chownSync("/etc/munge/munge.key", mungeUid, mungeGid);
}
for (const dir of ["/run/munge", "/var/log/munge", "/var/lib/munge"]) {
  mkdirSync(dir, { recursive: true });
  chownSync(dir, mungeUid, mungeGid);
}
if (!run("munge", ["-n"]).ok) {
  const started = run("runuser", ["-u", "munge", "--", "/usr/sbin/munged"]);
  if (!started.ok) fail(`munged did not start: ${started.out}`);
  say("munged started");
}
const credential = run("sh", ["-c", "munge -n | unmunge"]);
if (!credential.ok) fail(`munge does not work (munge -n | unmunge): ${credential.out}`);

// 3. slurm.conf: one node with this host's short name and at most 2 CPUs (the machine is shared).
const node = hostname().split(".")[0];
const cpus = Math.min(2, availableParallelism());
const conf = `# Written by pnpm setup:slurm: a one-node test cluster (no cgroups, no accounting daemon).
ClusterName=langevin-test
SlurmctldHost=${node}
SlurmUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
MpiDefault=none
ReturnToService=2
# A job whose dependency can never be met (a failed array task) is cancelled, so sbatch --wait returns.
DependencyParameters=kill_invalid_depend
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
NodeName=${node} CPUs=${cpus} State=UNKNOWN
PartitionName=debug Nodes=${node} Default=YES MaxTime=INFINITE State=UP
`;
const confPath = "/etc/slurm/slurm.conf";
mkdirSync("/etc/slurm", { recursive: true });
const changed = !existsSync(confPath) || readFileSync(confPath, "utf8") !== conf;
if (changed) {
  if (existsSync(confPath) && !readFileSync(confPath, "utf8").startsWith("# Written by pnpm setup:slurm")) {
    fail(
      `${confPath} exists and was not written by this script; not replacing a real cluster's configuration`,
    );
  }
  writeFileSync(confPath, conf);
  say(`wrote ${confPath} (node ${node}, CPUs=${cpus})`);
}
for (const dir of ["/var/spool/slurmctld", "/var/spool/slurmd", "/var/log/slurm"])
  mkdirSync(dir, { recursive: true });

/** Whether the daemon whose pid file is `pidFile` is alive. */
function alive(pidFile) {
  if (!existsSync(pidFile)) return false;
  const pid = Number(readFileSync(pidFile, "utf8").trim());
  return (
    Number.isInteger(pid) && pid > 0 && existsSync(`/proc/${pid}`) && statSync(`/proc/${pid}`).isDirectory()
  );
}

// 4. The daemons (each forks into the background itself).
for (const [daemon, pidFile] of [
  ["/usr/sbin/slurmctld", "/run/slurmctld.pid"],
  ["/usr/sbin/slurmd", "/run/slurmd.pid"],
]) {
  if (alive(pidFile)) continue;
  const started = run(daemon, []);
  if (!started.ok) fail(`${daemon} did not start: ${started.out} (see /var/log/slurm/)`);
  say(`${daemon.split("/").pop()} started`);
}
if (changed && alive("/run/slurmctld.pid")) run("scontrol", ["reconfigure"]);

// 5. Wait until the node takes jobs (a node left down by an earlier run is resumed).
const deadline = Date.now() + 60_000;
let states = nodeStates();
while (!usable(states)) {
  if (Date.now() > deadline) {
    fail(`the node did not become idle within 60 s (sinfo: ${JSON.stringify(states)}; see /var/log/slurm/)`);
  }
  if (states?.some(([, s]) => /down|drain/.test(s)))
    run("scontrol", ["update", `NodeName=${node}`, "State=RESUME"]);
  spawnSync("sleep", ["0.5"]);
  states = nodeStates();
}
say(`Slurm is up: node ${node} with ${cpus} CPUs takes jobs (set-up took ${elapsed()})`);
