import type { ComputeManagementClient } from "@azure/arm-compute";
import type { GalleryVersionIdParts } from "../components/shared/resourceIds";
import type { ReplicationStatus } from "../core/shared/status/replicationStatus";
import { readGalleryVersion } from "./galleryVersions";

export interface WatchOptions {
  /** Time between reads. @default 15000 */
  intervalMs?: number;
  /** Give up after this long, returning the last status. @default no limit */
  timeoutMs?: number;
  onStatus?(status: ReplicationStatus): void;
  /** Waits; replaceable in tests. */
  sleep?(ms: number): Promise<void>;
}

/** Reads the version until no region is replicating (or the time is up); the last status. */
export async function watchReplication(
  client: ComputeManagementClient,
  parts: GalleryVersionIdParts,
  options: WatchOptions = {},
): Promise<ReplicationStatus> {
  const sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  const started = Date.now();
  for (;;) {
    const { status } = await readGalleryVersion(client, parts);
    options.onStatus?.(status);
    const timedOut = options.timeoutMs !== undefined && Date.now() - started >= options.timeoutMs;
    if (status.state !== "Replicating" || timedOut) return status;
    await sleep(options.intervalMs ?? 15_000);
  }
}
