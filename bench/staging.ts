/**
 * `npm run bench`: staging throughput and memory on a generated 1 GiB file, each figure a ratio
 * against a baseline measured in the same run:
 * - hashing (MD5 + SHA-256) against `md5sum` on the same file (goal ≥ 0.9×),
 * - stagePackage (hash + upload + verify) against BlockBlobClient.uploadFile with the same block
 *   size and concurrency, both to in-memory Azurite (goal ≥ 1.0×),
 * - peak RSS of each run, each in its own process (goal: ours ≤ 160 MiB).
 * Children run plain JavaScript transpiled here, so no TypeScript compiler sits in their memory.
 * The table goes to stdout and into /work/notes/readme-staging.md between bench markers.
 */
import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { cpus, release, tmpdir, totalmem } from "node:os";
import { dirname, join, relative } from "node:path";
import { ContainerClient } from "@azure/storage-blob";
import * as ts from "typescript";
import { writeRandomFile } from "../tests/staging/helpers";
import { startAzurite } from "../tools/azurite";

const ROOT = join(__dirname, "..");
const GiB = 1024 ** 3;
const ROUNDS = 2;
const README_FRAGMENT = "/work/notes/readme-staging.md";
const START = "<!-- bench:start -->";
const END = "<!-- bench:end -->";

interface Run {
  seconds: number;
  maxRssMiB: number;
}

function transpile(outDir: string): string {
  const sources = [
    "sdk/core/limits.ts",
    ...readdirSync(join(ROOT, "sdk/staging")).map((name) => `sdk/staging/${name}`),
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

const best = (runs: Run[]): Run => ({
  seconds: Math.min(...runs.map((run) => run.seconds)),
  maxRssMiB: Math.max(...runs.map((run) => run.maxRssMiB)),
});

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), "vmapps-bench-"));
  const script = transpile(join(work, "js"));
  const file = writeRandomFile(join(work, "bench-1gib.bin"), GiB);
  const azurite = await startAzurite();
  try {
    await new ContainerClient(azurite.connectionString, "bench").create();
    const md5sumSeconds: number[] = [];
    const hash: Run[] = [];
    const ours: Run[] = [];
    const sdk: Run[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      md5sumSeconds.push(timeMd5sum(file));
      hash.push(child(script, ["hash", file]));
      ours.push(child(script, ["stage", file, azurite.connectionString]));
      sdk.push(child(script, ["sdk-upload", file, azurite.connectionString]));
      const container = new ContainerClient(azurite.connectionString, "bench");
      await container.deleteBlob("ours.bin");
      await container.deleteBlob("sdk.bin");
    }
    const table = render(Math.min(...md5sumSeconds), best(hash), best(ours), best(sdk));
    console.log(table);
    writeFragment(table);
  } finally {
    await azurite.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

function render(md5sumSeconds: number, hash: Run, ours: Run, sdk: Run): string {
  const mibps = (seconds: number) => (1024 / seconds).toFixed(0);
  const ratio = (value: number) => `${value.toFixed(2)}×`;
  const cpu = cpus()[0]?.model ?? "unknown CPU";
  const lines = [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${cpu}, ${cpus().length} vCPU, ` +
      `${(totalmem() / GiB).toFixed(0)} GiB RAM, Linux ${release()}, Node ${process.version}; ` +
      `1 GiB random file, 8 MiB blocks, concurrency 4, in-memory Azurite 3.35 on the same machine, ` +
      `best of ${ROUNDS} runs.`,
    "",
    "| Measure | vmapps | baseline | ratio | goal |",
    "| --- | --- | --- | --- | --- |",
    `| Hash throughput (MD5 + SHA-256 vs \`md5sum\`) | ${mibps(hash.seconds)} MiB/s | ${mibps(md5sumSeconds)} MiB/s | ${ratio(md5sumSeconds / hash.seconds)} | ≥ 0.9× |`,
    `| Upload throughput (stagePackage incl. hashing and verify vs \`uploadFile\`) | ${mibps(ours.seconds)} MiB/s | ${mibps(sdk.seconds)} MiB/s | ${ratio(sdk.seconds / ours.seconds)} | ≥ 1.0× |`,
    `| Peak RSS, hashing | ${hash.maxRssMiB.toFixed(0)} MiB | – | – | ≤ 160 MiB |`,
    `| Peak RSS, upload (vs \`uploadFile\`) | ${ours.maxRssMiB.toFixed(0)} MiB | ${sdk.maxRssMiB.toFixed(0)} MiB | ${ratio(ours.maxRssMiB / sdk.maxRssMiB)} | ≤ 160 MiB |`,
  ];
  return lines.join("\n");
}

function writeFragment(table: string): void {
  const block = `${START}\n${table}\n${END}`;
  const current = existsSync(README_FRAGMENT) ? readFileSync(README_FRAGMENT, "utf8") : "";
  const next = current.includes(START)
    ? current.replace(new RegExp(`${START}[\\s\\S]*?${END}`), block)
    : `${current}\n${block}\n`;
  writeFileSync(README_FRAGMENT, next);
  console.log(`\nwritten to ${relative(process.cwd(), README_FRAGMENT) || README_FRAGMENT}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
