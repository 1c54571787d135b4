import { spawnSync } from "node:child_process";
import { join } from "node:path";

export const ROOT = join(__dirname, "..", "..");
export const FIXTURES = join(__dirname, "fixtures");

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real `vmapps` bin in a child process, as a user's shell or CI would. */
export function vmapps(
  args: string[],
  options: { env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {},
): CliRun {
  const env: Record<string, string | undefined> = { ...process.env, ...options.env };
  // The parent's mocha runs under ts-node; the child must find its own way, as a user's would.
  delete env.TS_NODE_TRANSPILE_ONLY;
  const result = spawnSync(process.execPath, [join(ROOT, "bin", "vmapps.js"), ...args], {
    cwd: options.cwd ?? ROOT,
    env,
    encoding: "utf8",
    timeout: options.timeoutMs ?? 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
