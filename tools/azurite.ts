/**
 * Dev-only launcher for the Azurite blob emulator (tests, benchmark, demo). Never shipped.
 *
 * Azurite listens on 127.0.0.1 with port 0 and prints the port it got, so there is no race for
 * a "free" port. HTTPS mode exists because Azurite enforces `spr=https` on SAS tokens: a
 * self-signed certificate for 127.0.0.1 is generated with `openssl` into a temp directory and
 * its PEM is handed back as `caCert`, for clients to trust explicitly.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Azurite's documented development account (public, not a secret). */
export const AZURITE_ACCOUNT_NAME = "devstoreaccount1";
export const AZURITE_ACCOUNT_KEY =
  "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

export interface AzuriteOptions {
  /** Serve HTTPS with a fresh self-signed certificate for 127.0.0.1. @default false */
  https?: boolean;
  /** Accept OAuth bearer tokens ("basic" level; HTTPS only). @default false */
  oauth?: boolean;
  /** Cap Azurite's in-memory extent store, in MiB. @default Azurite's own (50 % of RAM) */
  memoryLimitMiB?: number;
}

export interface Azurite {
  blobEndpoint: string;
  accountName: string;
  accountKey: string;
  connectionString: string;
  /** PEM of the self-signed certificate when `https` is set; trust it explicitly. */
  caCert?: string;
  /** Process id of the emulator, for fault tests that must see it die. */
  pid: number;
  stop(): Promise<void>;
}

const LISTENING = /successfully listens on (https?):\/\/127\.0\.0\.1:(\d+)/;
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;

export async function startAzurite(options: AzuriteOptions = {}): Promise<Azurite> {
  const workDir = mkdtempSync(join(tmpdir(), "vmapps-azurite-"));
  const args = [
    require.resolve("azurite/dist/src/blob/main.js"),
    "--blobHost",
    "127.0.0.1",
    "--blobPort",
    "0",
    "--inMemoryPersistence",
    "--skipApiVersionCheck",
    "--disableTelemetry",
    "--loose",
  ];
  if (options.memoryLimitMiB !== undefined) {
    args.push("--extentMemoryLimit", String(options.memoryLimitMiB));
  }
  let caCert: string | undefined;
  if (options.https || options.oauth) {
    const certPath = join(workDir, "cert.pem");
    const keyPath = join(workDir, "key.pem");
    generateSelfSignedCert(certPath, keyPath);
    caCert = readFileSync(certPath, "utf8");
    args.push("--cert", certPath, "--key", keyPath);
  }
  if (options.oauth) args.push("--oauth", "basic");

  // cwd is the temp dir so nothing Azurite might write lands in the checkout.
  const child = spawn(process.execPath, args, { cwd: workDir, stdio: ["ignore", "pipe", "pipe"] });
  const cleanupDir = () => rmSync(workDir, { recursive: true, force: true });
  let port: number;
  try {
    port = await waitForListening(child);
  } catch (error) {
    await stopChild(child);
    cleanupDir();
    throw error;
  }
  const scheme = caCert ? "https" : "http";
  const blobEndpoint = `${scheme}://127.0.0.1:${port}/${AZURITE_ACCOUNT_NAME}`;
  const pid = child.pid;
  if (pid === undefined) throw new Error("Azurite started without a process id");
  return {
    blobEndpoint,
    accountName: AZURITE_ACCOUNT_NAME,
    accountKey: AZURITE_ACCOUNT_KEY,
    connectionString: [
      `DefaultEndpointsProtocol=${scheme}`,
      `AccountName=${AZURITE_ACCOUNT_NAME}`,
      `AccountKey=${AZURITE_ACCOUNT_KEY}`,
      `BlobEndpoint=${blobEndpoint};`,
    ].join(";"),
    caCert,
    pid,
    async stop() {
      await stopChild(child);
      cleanupDir();
    },
  };
}

/** A throw-away self-signed certificate for 127.0.0.1 (also used by tests/arm/server.ts). */
export function generateSelfSignedCert(certPath: string, keyPath: string): void {
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-keyout",
      keyPath,
      "-out",
      certPath,
      "-days",
      "2",
      "-subj",
      "/CN=127.0.0.1",
      "-addext",
      "subjectAltName=IP:127.0.0.1",
    ],
    { stdio: "ignore" },
  );
}

function waitForListening(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => {
      reject(new Error(`Azurite did not start within ${START_TIMEOUT_MS} ms:\n${output}`));
    }, START_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = LISTENING.exec(output);
      if (match?.[2]) {
        clearTimeout(timer);
        child.stdout?.off("data", onData);
        // Keep draining so a chatty emulator never blocks on a full pipe.
        child.stdout?.resume();
        child.stderr?.resume();
        resolve(Number(match[2]));
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`Azurite exited with code ${code} before listening:\n${output}`));
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killTimer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
    child.once("exit", () => {
      clearTimeout(killTimer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
