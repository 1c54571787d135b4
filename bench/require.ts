/**
 * `npm run bench` (first part) or `npm run bench:require`: what `import "pulumi-azure-vmapps"`
 * costs a Pulumi program, as a ratio against what that program pays anyway for the SDKs the
 * package builds on: @pulumi/pulumi and the azure-native modules the components use (compute,
 * storage). Goal: ≤ 1.1×. The `/cli` subpath is measured too, for information.
 * Each figure is one `require` timed inside a fresh Node process (start-up excluded), on the
 * compiled dist/ (what the published package ships; `npm run bench:require` builds it first)
 * with this repository's node_modules. Contenders alternate within every round, the first round
 * only warms the file cache, and the figures are medians: the machine is shared, and a median
 * of back-to-back pairs moves far less with other load than a single run.
 * The table goes to stdout and into docs/benchmarks.md, between its bench:require markers.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { cpus, loadavg, release } from "node:os";
import { join } from "node:path";
import { writeBetweenMarkers } from "./markers";

const ROOT = join(__dirname, "..");
const ROUNDS = Number(process.env.BENCH_REQUIRE_ROUNDS ?? 15);
const GOAL = 1.1;

const CONTENDERS = {
  package: [join(ROOT, "dist", "index.js")],
  baseline: ["@pulumi/pulumi", "@pulumi/azure-native/compute", "@pulumi/azure-native/storage"],
  cli: [join(ROOT, "dist", "cli", "index.js")],
} as const;
type Contender = keyof typeof CONTENDERS;

interface Run {
  ms: number;
  /** user + system CPU of the requires: moves far less than wall time with other load. */
  cpuMs: number;
  modules: number;
}

/** Runs in the child: times the requires alone, then counts every module they loaded. */
const CHILD = `
const modules = JSON.parse(process.argv[1]);
const cpu = process.cpuUsage();
const started = process.hrtime.bigint();
for (const name of modules) require(name);
const ms = Number(process.hrtime.bigint() - started) / 1e6;
const { user, system } = process.cpuUsage(cpu);
const cpuMs = (user + system) / 1e3;
console.log(JSON.stringify({ ms, cpuMs, modules: Object.keys(require.cache).length }));
`;

function measure(contender: Contender): Run {
  const stdout = execFileSync(
    process.execPath,
    ["-e", CHILD, JSON.stringify(CONTENDERS[contender])],
    { cwd: ROOT, encoding: "utf8" },
  );
  return JSON.parse(stdout.trim()) as Run;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function main(): void {
  if (!existsSync(CONTENDERS.package[0])) {
    throw new Error("dist/ is missing: run `npm run build` first (npm run bench:require does)");
  }
  const loadBefore = loadavg()[0] ?? 0;
  const runs: Record<Contender, Run[]> = { package: [], baseline: [], cli: [] };
  const order: Contender[] = ["package", "baseline", "cli"];
  for (let round = 0; round <= ROUNDS; round++) {
    const sequence = round % 2 === 0 ? order : [...order].reverse();
    const results = sequence.map((contender) => [contender, measure(contender)] as const);
    if (round === 0) continue; // warms the file cache
    for (const [contender, run] of results) runs[contender].push(run);
    console.error(
      `round ${round}: ${results.map(([name, run]) => `${name} ${run.ms.toFixed(0)} ms`).join(", ")}`,
    );
  }
  const load = `load average ${loadBefore.toFixed(1)} before, ${(loadavg()[0] ?? 0).toFixed(1)} after`;
  const table = render(runs, load);
  console.log(table);
  writeBetweenMarkers("bench:require", table);
  const ratio = median(pairRatios(runs, "package", "ms"));
  if (ratio > GOAL) console.log(`\nGoal missed: ${ratio.toFixed(2)}× > ${GOAL}×.`);
}

/** The contender's time over the baseline's, for each round (both measured back to back). */
function pairRatios(runs: Record<Contender, Run[]>, contender: Contender, measure: "ms" | "cpuMs") {
  return runs[contender].map(
    (run, i) => run[measure] / (runs.baseline[i]?.[measure] ?? run[measure]),
  );
}

function render(runs: Record<Contender, Run[]>, load: string): string {
  const ms = (contender: Contender, measure: "ms" | "cpuMs") =>
    `${median(runs[contender].map((run) => run[measure])).toFixed(0)} ms`;
  const ratio = (contender: Contender, measure: "ms" | "cpuMs") =>
    `${median(pairRatios(runs, contender, measure)).toFixed(2)}×`;
  const row = (label: string, contender: Contender, goal: string) =>
    `| ${label} | ${runs[contender][0]?.modules ?? 0} | ${ms(contender, "ms")} | ${ratio(contender, "ms")} | ${ms(contender, "cpuMs")} | ${ratio(contender, "cpuMs")} | ${goal} |`;
  const cpu = cpus()[0]?.model ?? "unknown CPU";
  const perRound = pairRatios(runs, "package", "ms").map((value) => value.toFixed(2));
  return [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${cpu}, ${cpus().length} vCPU, ` +
      `Linux ${release()}, Node ${process.version}; compiled dist/, one fresh process per ` +
      `require, medians of ${ROUNDS} alternating rounds after one warm-up round; ratios are ` +
      `medians of the per-round ratios; ${load}.`,
    "",
    "| require | modules loaded | wall | ratio | CPU | ratio | goal |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    row('`"pulumi-azure-vmapps"`', "package", `≤ ${GOAL}×`),
    row(
      "baseline: `@pulumi/pulumi` + `@pulumi/azure-native/compute` + `/storage`",
      "baseline",
      "–",
    ),
    row('`"pulumi-azure-vmapps/cli"` alone (the command line, for information)', "cli", "–"),
    "",
    `Per-round wall-time ratios of the package to the baseline: ${perRound.join(", ")}.`,
  ].join("\n");
}

main();
