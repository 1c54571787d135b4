/**
 * `npm run demo`: the package's main job end to end, on this machine, with no Azure account.
 *
 *   1. the fleet report: replicas per region from examples/fleet.json, with the deciding rule,
 *      any limit hit, and the cost estimate;
 *   2. the validation report of a deliberately broken version: every problem, field and fix;
 *   3. Azurite (the embedded storage emulator) on 127.0.0.1: stage the folder of each version
 *      examples/basic publishes with a progress bar, download it back through the read-only SAS
 *      URL, check its hash;
 *   4. `vmapps plan examples/basic` with those staged packages: resources, replicas, cost,
 *      problems.
 *
 * Everything runs in memory or in a temp folder that is removed; Azurite is stopped at the end.
 */
import { createHash } from "node:crypto";
import { get } from "node:https";
import { join } from "node:path";
import { planExitCode, planProject } from "../sdk/cli/commands/plan";
import { stage } from "../sdk/cli/commands/stage";
import { loadFleet } from "../sdk/cli/fleet/parse";
import { fleetReport } from "../sdk/cli/fleet/report";
import { fleetLines } from "../sdk/cli/render/fleet";
import { processIo, style } from "../sdk/cli/render/output";
import { planLines } from "../sdk/cli/render/plan";
import { problemLines } from "../sdk/cli/render/problems";
import { progressReporter } from "../sdk/cli/render/progress";
import { formatBytes, formatDuration } from "../sdk/cli/render/values";
import { hasErrors, limits, validateApplicationVersion } from "../sdk/core";
import { startAzurite } from "../tools/azurite";

const ROOT = join(__dirname, "..");
const BASIC = join(ROOT, "examples", "basic");
/** Each version examples/basic publishes: its folder, and the config key of a staged package. */
const RELEASES = [
  { version: "1.0.0", folder: "app-1.0.0", mediaLinkKey: "mediaLink_1_0_0" },
  { version: "1.1.0", folder: "app", mediaLinkKey: "mediaLink" },
];

const io = processIo();
const heading = (text: string) => io.out(`\n${style(io, "cyan", `━━ ${text} `.padEnd(78, "━"))}`);

/** A version with one mistake per documented rule a user commonly trips over. */
function brokenVersion() {
  return {
    name: "1.0",
    location: "westeurope",
    publishingProfile: {
      source: { mediaLink: "http://contosopkgs.blob.core.windows.net/packages/agent.zip" },
      manageActions: { install: `bash install.sh ${"--verbose ".repeat(420)}` },
      settings: { packageFileName: "agent/../x.zip" },
      replicaCount: 4,
      storageAccountType: "Premium_GRS",
      targetRegions: [
        { name: "West Europe", regionalReplicaCount: 5 },
        { name: "westeurope", regionalReplicaCount: 2 },
        { name: "eastus", regionalReplicaCount: 11, encryption: { osDiskImage: {} } },
      ],
      endOfLifeDate: "2021-02-30",
    },
  };
}

function download(url: string, ca: string | undefined): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    get(url, { ca }, (response) => {
      if (response.statusCode !== 200) {
        reject(new Error(`download through the SAS URL failed: HTTP ${response.statusCode}`));
        response.resume();
        return;
      }
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve(Buffer.concat(chunks)));
      response.on("error", reject);
    }).on("error", reject);
  });
}

async function main(): Promise<number> {
  const started = Date.now();
  io.out(
    style(io, "bold", "vmapps demo — publish an application to Azure Compute Gallery, offline"),
  );

  heading("1. Fleet plan: replicas per region (examples/fleet.json)");
  for (const line of fleetLines(io, fleetReport(loadFleet(join(ROOT, "examples", "fleet.json"))))) {
    io.out(line);
  }

  heading("2. Validation report of a deliberately broken version");
  const broken = brokenVersion();
  const problems = validateApplicationVersion(broken, {
    packageBytes: limits.MAX_PACKAGE_BYTES + 1,
    blobType: "block",
  });
  io.out(`Version "${broken.name}" would be rejected before any Azure call:`);
  for (const line of problemLines(io, problems)) io.out(line);
  io.out(`${problems.length} problems, all reported at once.`);
  if (!hasErrors(problems)) throw new Error("the broken version passed validation");

  heading("3. Stage examples/basic's two versions on Azurite, read them back via SAS");
  const azurite = await startAzurite({ https: true });
  io.out(`Azurite listening on ${azurite.blobEndpoint} (pid ${azurite.pid}, in memory)`);
  let planCode = 1;
  try {
    const staged = [];
    for (const release of RELEASES) {
      const progress = progressReporter(io, `Staging ${release.folder}`);
      const blob = await stage(join(BASIC, release.folder), {
        target: {
          connectionString: azurite.connectionString,
          containerName: "packages",
          createContainer: true,
          caCert: azurite.caCert,
        },
        // The example installs with `tar -xzf` (recipes.linux.tarGz), so stage what it would.
        format: "tar.gz",
        onProgress: (done, total) => progress.update(done, total),
      });
      progress.finish();
      io.out(
        `✓ staged version ${release.version}: ${formatBytes(blob.size)} as ${blob.blobType} blob ${blob.blobName}`,
      );
      io.out(`  sha256 ${blob.sha256}, SAS (read-only, HTTPS) expires ${blob.sasExpiresOn}`);
      const bytes = await download(blob.sasUrlSecret, azurite.caCert);
      const sha256 = createHash("sha256").update(bytes).digest("hex");
      if (sha256 !== blob.sha256) {
        throw new Error(`downloaded sha256 ${sha256} differs from the staged ${blob.sha256}`);
      }
      io.out(`✓ downloaded ${formatBytes(bytes.length)} back through the SAS URL: sha256 matches`);
      staged.push({ ...release, blob });
    }

    heading("4. vmapps plan examples/basic with the staged packages");
    const flags = staged.flatMap(({ version, mediaLinkKey, blob }) => [
      `--secret ${mediaLinkKey}=[secret]`,
      `--package-bytes ${version}=${blob.size}`,
    ]);
    io.out(style(io, "dim", `$ vmapps plan examples/basic ${flags.join(" ")}`));
    const report = await planProject({
      dir: BASIC,
      secrets: staged.map(({ mediaLinkKey, blob }) => `${mediaLinkKey}=${blob.sasUrlSecret}`),
      packageBytesByVersion: Object.fromEntries(
        staged.map(({ version, blob }) => [version, blob.size]),
      ),
    });
    for (const line of planLines(io, report)) io.out(line);
    planCode = planExitCode(report);
  } finally {
    await azurite.stop();
    io.out(
      `\nAzurite (pid ${azurite.pid}) stopped; its in-memory storage and temp folder are gone.`,
    );
  }
  io.out(
    `Wrote nothing to disk outside temp folders it removed. Done in ${formatDuration(Date.now() - started)}.`,
  );
  return planCode;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const fix = (error as { fix?: unknown }).fix;
    io.err(`error: ${error instanceof Error ? error.message : String(error)}`);
    if (typeof fix === "string") io.err(`  fix: ${fix}`);
    process.exitCode = 1;
  },
);
