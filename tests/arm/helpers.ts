import { spawn } from "node:child_process";
import { join } from "node:path";
import { main } from "../../sdk/cli/main";
import { bufferIo } from "../../sdk/cli/render/output";
import type { CliRun } from "../cli/helpers";
import type { FakeArm } from "./server";

const ROOT = join(__dirname, "..", "..");

/**
 * The real `vmapps` bin in a child process, without blocking this process's event loop (the
 * fake ARM server answers from here), trusting the server's certificate as a user would with
 * NODE_EXTRA_CA_CERTS and signing in with AZURE_ACCESS_TOKEN.
 */
export function vmappsAgainst(
  server: FakeArm,
  args: string[],
  env: Record<string, string> = {},
): Promise<CliRun> {
  const childEnv: Record<string, string | undefined> = {
    ...process.env,
    NODE_EXTRA_CA_CERTS: server.caFile,
    AZURE_ACCESS_TOKEN: server.token,
    NO_COLOR: "1",
    ...env,
  };
  delete childEnv.TS_NODE_TRANSPILE_ONLY;
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [join(ROOT, "bin", "vmapps.js"), ...args, "--arm-endpoint", server.url],
      { cwd: ROOT, env: childEnv, stdio: ["ignore", "pipe", "pipe"] },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), 90_000);
    child.once("error", reject);
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * The same command in this process (main with a recording Io), trusting the server's certificate
 * (or `caFile`, which may hold more) by --ca-cert.
 */
export async function vmappsInProcess(
  server: FakeArm,
  args: string[],
  env: Record<string, string> = {},
  caFile = server.caFile,
): Promise<CliRun> {
  const io = bufferIo({ env: { AZURE_ACCESS_TOKEN: server.token, ...env } });
  const code = await main([...args, "--arm-endpoint", server.url, "--ca-cert", caFile], io);
  return { code, stdout: io.stdout.join("\n"), stderr: io.stderr.join("\n") };
}
