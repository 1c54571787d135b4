import { relative } from "node:path";
import { Worker } from "node:worker_threads";
import { error, type Problem, warning } from "../../core/shared/problems";
import { CliError } from "../errors";
import type { OfflineRun } from "./engine";
import type { PulumiProject } from "./project";
import type { CheckRequest, CheckResult, FoundDiagnostic } from "./typecheckProgram";

/**
 * The worker's entry. The checking module is TypeScript in a clone of vmapps and JavaScript in
 * the installed package; a worker starts without the parent's ts-node, so it registers its own.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
if (workerData.tsNode) {
  require(workerData.tsNode).register({
    transpileOnly: true,
    skipProject: true,
    compilerOptions: { module: "commonjs" },
  });
}
parentPort.postMessage(require(workerData.module).checkProgram(workerData.request));
`;

/** Pulumi runs only TypeScript entry files through the compiler; JavaScript is not checked. */
function isTypeScript(file: string): boolean {
  return /\.[cm]?tsx?$/.test(file);
}

function resolveTypeScript(project: PulumiProject): string {
  try {
    return require.resolve("typescript", { paths: [project.dir, __dirname] });
  } catch {
    throw new CliError(
      `cannot type-check the TypeScript program in ${project.dir}: typescript is not installed there`,
      "npm install --save-dev typescript ts-node (Pulumi's TypeScript runtime needs them too)",
    );
  }
}

function startCheck(request: CheckRequest): { result: Promise<CheckResult>; stop(): void } {
  const module = require.resolve("./typecheckProgram");
  const tsNode = module.endsWith(".ts") ? require.resolve("ts-node") : undefined;
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { module, tsNode, request },
  });
  const result = new Promise<CheckResult>((done, fail) => {
    worker.once("message", done);
    worker.once("error", fail);
    worker.once("exit", (code) => fail(new Error(`the type-check stopped early (exit ${code})`)));
  });
  // Awaited only after the run: until then a failure must not count as the program's rejection.
  result.catch(() => undefined);
  return { result, stop: () => void worker.terminate() };
}

function problemOf(found: FoundDiagnostic, userCwd: string, tsconfig?: string): Problem {
  const message = `${found.message} (TS${found.code})`;
  const make = found.severity === "warning" ? warning : error;
  const setup =
    "fix the compiler setup (tsconfig.json, the installed @types packages); `npx tsc --noEmit` in the project shows the same error";
  if (found.file === undefined) {
    return make(tsconfig ? relative(userCwd, tsconfig) : "typescript", message, setup);
  }
  return make(
    `${relative(userCwd, found.file)}:${found.line}:${found.column}`,
    message,
    // A place in tsconfig.json (a syntax error, a bad value) is setup, not the program.
    found.file.endsWith(".json")
      ? setup
      : "fix the type error at that line: `pulumi preview` stops on it too; then plan again",
  );
}

/** A compile error the run reports as well (a syntax error) is listed once, by its place and code. */
function key(problem: Problem): string {
  return `${problem.field}\u0000${/\(TS\d+\)$/.exec(problem.message)?.[0] ?? problem.message}`;
}

/**
 * Runs the program offline and type-checks it alongside, in a worker thread: the check takes
 * seconds (it reads the declarations of every SDK the program imports), and on a second core it
 * costs little more wall time than the run itself. Type errors come first among the problems,
 * as the compiler reports them before a `pulumi preview` runs anything.
 */
export async function withTypeCheck(
  project: PulumiProject,
  userCwd: string,
  run: () => Promise<OfflineRun>,
): Promise<OfflineRun> {
  // Pulumi's switch to run a program unchecked.
  if (!isTypeScript(project.main) || process.env.PULUMI_NODEJS_TRANSPILE_ONLY === "true") {
    return run();
  }
  const check = startCheck({
    typescript: resolveTypeScript(project),
    projectDir: project.dir,
    main: project.main,
  });
  try {
    const offline = await run();
    const { diagnostics, tsconfig } = await check.result;
    const typeProblems = diagnostics.map((found) => problemOf(found, userCwd, tsconfig));
    const seen = new Set(typeProblems.map(key));
    return {
      ...offline,
      problems: [...typeProblems, ...offline.problems.filter((problem) => !seen.has(key(problem)))],
    };
  } finally {
    check.stop();
  }
}
