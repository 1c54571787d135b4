/**
 * The temporary folder `vmapps stage` writes a folder's archive (or a page blob's padded copy)
 * into: up to 2 GiB. It is removed when the stage ends, fails or is interrupted. A run killed
 * outright (SIGKILL, a crash, a power cut) cannot remove it, so every stage first removes the
 * folders such runs left behind.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";

export const WORK_DIR_PREFIX = "vmapps-stage-";
/** Who made the folder: a folder whose process is gone is stale. */
const OWNER_FILE = "owner.json";

interface Owner {
  pid: number;
  host: string;
}

/** This process's folders still in use, for a removal that cannot wait (see removeLiveWorkDirs). */
const live = new Set<string>();

export function createWorkDir(): string {
  const dir = mkdtempSync(join(tmpdir(), WORK_DIR_PREFIX));
  live.add(dir);
  const owner: Owner = { pid: process.pid, host: hostname() };
  writeFileSync(join(dir, OWNER_FILE), JSON.stringify(owner));
  return dir;
}

export function removeWorkDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  live.delete(dir);
}

/** Synchronous, for a process that exits at once (a second Ctrl-C). */
export function removeLiveWorkDirs(): void {
  for (const dir of [...live]) removeWorkDir(dir);
}

function readOwner(dir: string): Owner | undefined {
  try {
    const owner = JSON.parse(readFileSync(join(dir, OWNER_FILE), "utf8")) as Partial<Owner>;
    if (Number.isInteger(owner.pid) && typeof owner.host === "string") return owner as Owner;
  } catch {
    // Not one of ours, or being written right now: leave it.
  }
  return undefined;
}

/**
 * True only when the owner ran on this machine and no such process exists any more. Another
 * host's (or container's) processes cannot be seen from here, so its folders are kept; a reused
 * process id keeps a stale folder until that process ends too, which errs on the safe side.
 */
function ownerIsGone(dir: string, owner: Owner): boolean {
  if (owner.host !== hostname()) return false;
  if (owner.pid === process.pid) return !live.has(dir);
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

/** Removes the work folders of stages whose process is gone; returns what it removed. */
export function sweepStaleWorkDirs(root = tmpdir()): string[] {
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(WORK_DIR_PREFIX)) continue;
    const dir = join(root, name);
    const owner = readOwner(dir);
    if (!owner || !ownerIsGone(dir, owner)) continue;
    try {
      rmSync(dir, { recursive: true, force: true });
      removed.push(dir);
    } catch {
      // Another user's folder, or already being removed: not ours to insist on.
    }
  }
  return removed;
}
