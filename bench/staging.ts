/**
 * `npm run bench`: staging throughput and memory on a generated 1 GiB file, each figure a ratio
 * against a baseline measured in the same run:
 * - hashing (MD5 + SHA-256) against `md5sum` on the same file (goal ≥ 0.9×),
 * - stagePackage (hash + upload + verify) against BlockBlobClient.uploadFile with the same block
 *   size and concurrency, both to in-memory Azurite (goal ≥ 1.0×),
 * - peak RSS of each run, each in its own process (goal: ours ≤ 160 MiB).
 * The machine is shared (2 vCPUs, Azurite on them too), so each round starts a fresh Azurite,
 * runs every contender once in an order that alternates between rounds, and each figure is the
 * best of BENCH_ROUNDS (default 3) rounds. CPU seconds are printed too: they move far less with
 * other load than wall time and show where the time goes.
 * Children run plain JavaScript transpiled here, so no TypeScript compiler sits in their memory.
 * The table goes to stdout and into docs/benchmarks.md, between its bench markers.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, release, tmpdir, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { ContainerClient } from "@azure/storage-blob";
import * as ts from "typescript";
import { writeRandomFile } from "../tests/staging/helpers";
import { type Azurite, startAzurite } from "../tools/azurite";
import { writeBetweenMarkers } from "./markers";

const ROOT = join(__dirname, "..");
const GiB = 1024 ** 3;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

interface Run {
  seconds: number;
  cpuSeconds: number;
  maxRssMiB: number;
  /** stagePackage only: until the first block was stored (SHA-256 gate + one block). */
  firstBlockSeconds?: number;
  /** Uploads only: CPU the Azurite process spent during the run. */
  azuriteCpuSeconds?: number;
}

function transpile(outDir: string): string {
  const sources = [
    ...["sdk/core", "sdk/staging"].flatMap((dir) =>
      readdirSync(join(ROOT, dir), { recursive: true, encoding: "utf8" }).map(
        (name) => `${dir}/${name}`,
      ),
    ),
    "bench/stagingChild.ts",
  ].filter((path) => path.endsWith(".ts"));
  for (const source of sources) {
    const output = ts.transpileModule(readFileSync(join(ROOT, source), "utf8"), {
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
      },
    });
    const target = join(outDir, source.replace(/\.ts$/, ".js"));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, output.outputText);
  }
  return join(outDir, "bench/stagingChild.js");
}

function child(script: string, args: string[]): Run {
  const stdout = execFileSync(process.execPath, [script, ...args], {
    env: { ...process.env, NODE_PATH: join(ROOT, "node_modules") },
    encoding: "utf8",
  });
  return JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as Run;
}

function timeMd5sum(file: string): number {
  const started = process.hrtime.bigint();
  execFileSync("md5sum", [file]);
  return Number(process.hrtime.bigint() - started) / 1e9;
}

const CLOCK_TICKS = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());

/** utime + stime of a process from /proc, in seconds. */
function processCpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

function upload(script: string, mode: string, file: string, azurite: Azurite): Run {
  const before = processCpuSeconds(azurite.pid);
  const run = child(script, [mode, file, azurite.connectionString]);
  return { ...run, azuriteCpuSeconds: processCpuSeconds(azurite.pid) - before };
}

/** Fastest run's figures; peak RSS is the worst of all runs. */
function best(runs: Run[]): Run {
  const fastest = runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  return { ...fastest, maxRssMiB: Math.max(...runs.map((run) => run.maxRssMiB)) };
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), "vmapps-bench-"));
  const script = transpile(join(work, "js"));
  const file = writeRandomFile(join(work, "bench-1gib.bin"), GiB);
  const loadBefore = loadavg()[0] ?? 0;
  const md5sumSeconds: number[] = [];
  const hash: Run[] = [];
  const ours: Run[] = [];
  const sdk: Run[] = [];
  const contenders = [
    () => md5sumSeconds.push(timeMd5sum(file)),
    () => hash.push(child(script, ["hash", file])),
    (azurite: Azurite) => ours.push(upload(script, "stage", file, azurite)),
    (azurite: Azurite) => sdk.push(upload(script, "sdk-upload", file, azurite)),
  ];
  try {
    for (let round = 0; round < ROUNDS; round++) {
      // A fresh Azurite per round: its in-memory store and heap do not grow across rounds, and
      // both uploads of a round meet the same instance in the same state.
      const azurite = await startAzurite();
      try {
        await new ContainerClient(azurite.connectionString, "bench").create();
        const order = round % 2 === 0 ? contenders : [...contenders].reverse();
        for (const run of order) run(azurite);
        console.error(
          `round ${round + 1}: md5sum ${md5sumSeconds.at(-1)?.toFixed(2)} s, hash ` +
            `${hash.at(-1)?.seconds.toFixed(2)} s, stagePackage ${ours.at(-1)?.seconds.toFixed(2)} s, ` +
            `uploadFile ${sdk.at(-1)?.seconds.toFixed(2)} s`,
        );
      } finally {
        await azurite.stop();
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const load = `load average ${loadBefore.toFixed(1)} before, ${(loadavg()[0] ?? 0).toFixed(1)} after`;
  const paired = (baseline: number[], runs: Run[]) =>
    runs.map((run, round) => ((baseline[round] ?? 0) / run.seconds).toFixed(2)).join(", ");
  const pairs =
    `Per-round ratios (each pair measured back to back): hashing ${paired(md5sumSeconds, hash)}; ` +
    `upload ${paired(
      sdk.map((run) => run.seconds),
      ours,
    )}.`;
  const table = render(Math.min(...md5sumSeconds), best(hash), best(ours), best(sdk), load, pairs);
  console.log(table);
  writeBetweenMarkers("bench", table);
}

function render(
  md5sumSeconds: number,
  hash: Run,
  ours: Run,
  sdk: Run,
  load: string,
  pairs: string,
): string {
  const mibps = (seconds: number) => (1024 / seconds).toFixed(0);
  const ratio = (value: number) => `${value.toFixed(2)}×`;
  const s = (seconds?: number) => (seconds === undefined ? "–" : `${seconds.toFixed(2)} s`);
  const cpu = cpus()[0]?.model ?? "unknown CPU";
  const lines = [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${cpu}, ${cpus().length} vCPU, ` +
      `${(totalmem() / GiB).toFixed(0)} GiB RAM, Linux ${release()}, Node ${process.version}; ` +
      `1 GiB random file, 8 MiB blocks, concurrency 4, in-memory Azurite 3.35 on the same machine, ` +
      `best of ${ROUNDS} alternating rounds, fresh Azurite each round; ${load}.`,
    "",
    "| Measure | vmapps | baseline | ratio | goal |",
    "| --- | --- | --- | --- | --- |",
    `| Hash throughput (MD5 + SHA-256 vs \`md5sum\`) | ${mibps(hash.seconds)} MiB/s | ${mibps(md5sumSeconds)} MiB/s | ${ratio(md5sumSeconds / hash.seconds)} | ≥ 0.9× |`,
    `| Upload throughput (stagePackage incl. hashing and verify vs \`uploadFile\`) | ${mibps(ours.seconds)} MiB/s | ${mibps(sdk.seconds)} MiB/s | ${ratio(sdk.seconds / ours.seconds)} | ≥ 1.0× |`,
    `| Peak RSS, hashing | ${hash.maxRssMiB.toFixed(0)} MiB | – | – | ≤ 160 MiB |`,
    `| Peak RSS, upload (vs \`uploadFile\`) | ${ours.maxRssMiB.toFixed(0)} MiB | ${sdk.maxRssMiB.toFixed(0)} MiB | ${ratio(ours.maxRssMiB / sdk.maxRssMiB)} | ≤ 160 MiB |`,
    "",
    pairs,
    "",
    "Where the time goes (same best runs; CPU = user + system seconds):",
    "",
    "| Run | wall | CPU, client process | CPU, Azurite | first block stored |",
    "| --- | --- | --- | --- | --- |",
    `| hashing (SHA-256 ∥ MD5) | ${s(hash.seconds)} | ${s(hash.cpuSeconds)} | – | – |`,
    `| stagePackage | ${s(ours.seconds)} | ${s(ours.cpuSeconds)} | ${s(ours.azuriteCpuSeconds)} | ${s(ours.firstBlockSeconds)} |`,
    `| uploadFile | ${s(sdk.seconds)} | ${s(sdk.cpuSeconds)} | ${s(sdk.azuriteCpuSeconds)} | – |`,
  ];
  return lines.join("\n");
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
