import { execFile, execFileSync } from "node:child_process";
import { createHash, randomFillSync } from "node:crypto";
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

export const KiB = 1024;
export const MiB = 1024 * KiB;

export function tempDir(prefix = "vmapps-staging-test-"): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Writes `size` pseudo-random bytes in 1 MiB chunks, so big files never sit in memory. */
export function writeRandomFile(path: string, size: number): string {
  const fd = openSync(path, "w");
  const chunk = Buffer.alloc(Math.min(size, MiB));
  try {
    for (let written = 0; written < size; ) {
      const length = Math.min(chunk.length, size - written);
      randomFillSync(chunk, 0, length);
      writeSync(fd, chunk, 0, length);
      written += length;
    }
  } finally {
    closeSync(fd);
  }
  return path;
}

export function md5sum(path: string): string {
  return execFileSync("md5sum", [path]).toString().split(/\s+/)[0] ?? "";
}

export function sha256Of(data: Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

export interface FetchOutcome {
  status: number;
  sha256: string;
  bytes: number;
}

/**
 * A plain `fetch` in a fresh Node process that trusts `caCert` through NODE_EXTRA_CA_CERTS:
 * exactly what a client with no SDK sees, and no TLS setting leaks into this process.
 */
export async function plainFetch(
  url: string,
  caCert: string,
  method = "GET",
): Promise<FetchOutcome> {
  const dir = tempDir("vmapps-fetch-");
  try {
    const caFile = join(dir.path, "ca.pem");
    writeFileSync(caFile, caCert);
    const script = `
      const [url, method] = process.argv.slice(1);
      const init = { method };
      if (method === "PUT") { init.body = "overwrite"; init.headers = { "x-ms-blob-type": "BlockBlob" }; }
      fetch(url, init).then(async (response) => {
        const body = Buffer.from(await response.arrayBuffer());
        const sha256 = require("node:crypto").createHash("sha256").update(body).digest("hex");
        console.log(JSON.stringify({ status: response.status, sha256, bytes: body.length }));
      }).catch((error) => { console.error(error); process.exit(2); });`;
    const { stdout } = await promisify(execFile)(process.execPath, ["-e", script, url, method], {
      env: { ...process.env, NODE_EXTRA_CA_CERTS: caFile },
      maxBuffer: 1024 * 1024,
    });
    return JSON.parse(stdout) as FetchOutcome;
  } finally {
    dir.remove();
  }
}

/** A fake Entra ID token Azurite's `--oauth basic` accepts (it checks claims, not signatures). */
export function fakeEntraCredential() {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return {
    async getToken() {
      const now = Math.floor(Date.now() / 1000);
      const claims = {
        aud: "https://storage.azure.com",
        iss: "https://sts.windows.net/00000000-0000-0000-0000-000000000001/",
        iat: now - 60,
        nbf: now - 60,
        exp: now + 3600,
        oid: "11111111-1111-1111-1111-111111111111",
        tid: "00000000-0000-0000-0000-000000000001",
      };
      return {
        token: `${encode({ alg: "none", typ: "JWT" })}.${encode(claims)}.unsigned`,
        expiresOnTimestamp: (now + 3600) * 1000,
      };
    },
  };
}
