/**
 * One measured run in its own process, so peak RSS belongs to that run alone.
 * argv: <mode: hash | stage | sdk-upload> <file> [connection string]
 * Prints one JSON line: { seconds, cpuSeconds, maxRssMiB, firstBlockSeconds? }.
 */
import { BlockBlobClient } from "@azure/storage-blob";
import { DEFAULT_BLOCK_SIZE } from "../sdk/core/shared/limits";
import { hashFile } from "../sdk/staging/source/hash";
import { DEFAULT_CONCURRENCY } from "../sdk/staging/upload/plan";
import { stagePackage } from "../sdk/staging/upload/stage";

const CONTAINER = "bench";

async function run(mode: string, file: string, connectionString: string): Promise<void> {
  const started = process.hrtime.bigint();
  const elapsed = () => Number(process.hrtime.bigint() - started) / 1e9;
  let firstBlockSeconds: number | undefined;
  if (mode === "hash") {
    await hashFile(file);
  } else if (mode === "stage") {
    await stagePackage({
      source: file,
      target: { connectionString, containerName: CONTAINER, blobName: "ours.bin" },
      blockSize: DEFAULT_BLOCK_SIZE,
      concurrency: DEFAULT_CONCURRENCY,
      onProgress: () => {
        firstBlockSeconds ??= elapsed();
      },
    });
  } else if (mode === "sdk-upload") {
    const client = new BlockBlobClient(connectionString, CONTAINER, "sdk.bin");
    await client.uploadFile(file, {
      blockSize: DEFAULT_BLOCK_SIZE,
      concurrency: DEFAULT_CONCURRENCY,
    });
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
  const seconds = elapsed();
  const usage = process.resourceUsage();
  const cpuSeconds = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
  const maxRssMiB = usage.maxRSS / 1024;
  console.log(JSON.stringify({ seconds, cpuSeconds, maxRssMiB, firstBlockSeconds }));
}

const [mode = "", file = "", connectionString = ""] = process.argv.slice(2);
run(mode, file, connectionString).catch((error) => {
  console.error(error);
  process.exit(1);
});
