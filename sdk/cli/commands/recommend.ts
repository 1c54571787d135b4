import { BLOB_TYPES, hasErrors, type ReplicaRecommendation, recommendReplicas } from "../../core";
import {
  choiceFlag,
  countFlag,
  countListFlag,
  type Options,
  parseCommand,
  refuseCombination,
} from "../args";
import { loadFleet } from "../fleet/parse";
import { fleetReport } from "../fleet/report";
import { fleetLines } from "../render/fleet";
import type { Io } from "../render/output";
import { style } from "../render/output";
import { type Command, EXIT_CODES } from "./command";

const options: Options = {
  vms: { type: "string" },
  "scale-sets": { type: "string", multiple: true },
  "concurrent-downloads": { type: "string" },
  "blob-type": { type: "string" },
  fleet: { type: "string" },
  json: { type: "boolean" },
};

/** A complete fleet plan, shown in the help (a test loads it, so it stays valid). */
export const FLEET_EXAMPLE = `  {
    "application": "contoso-agent",
    "version": "1.4.0",
    "location": "westeurope",
    "packageBytes": 268435456,
    "regions": {
      "westeurope": { "demand": { "vms": 150, "scaleSets": [900, 900] } },
      "eastus": { "demand": { "concurrentDownloads": 400 } },
      "northeurope": { "replicas": 2, "storageAccountType": "Standard_ZRS" }
    }
  }`;

const help = `Usage: vmapps recommend [--vms N] [--scale-sets N,N,…] [--concurrent-downloads N]
                        [--blob-type block|page] [--json]
       vmapps recommend --fleet FILE [--json]

Recommends the replica count for one region from what is deployed there at the same time,
following the Azure Compute Gallery scaling guidance, and prints the reasons. With --fleet,
does it for every region of a fleet plan file (format below) and picks the blob type and
version-wide replicaCount, with a cost estimate.

Options:
  --vms N                    VMs created at the same time from this version
  --scale-sets N,N,…         instance count of each scale-set deployment made at the same time
  --concurrent-downloads N   simultaneous package downloads expected in the region
  --blob-type block|page     blob type of the package (default block: at most 3 replicas;
                             page: up to 10)
  --fleet FILE               a fleet plan (JSON): location, packageBytes, regions with demand
  --json                     print the recommendation as one JSON document
  -h, --help                 show this help

Examples:
  vmapps recommend --vms 120
  vmapps recommend --vms 150 --scale-sets 900,900 --blob-type page
  vmapps recommend --fleet fleet.json --json

Fleet plan file (JSON): what each region deploys at the same time from one version. A region
entry takes "demand" (vms, scaleSets, concurrentDownloads) or an explicit "replicas", and
optionally "storageAccountType" and "excludeFromLatest"; the location is always a target.
"application", "version" and "packageBytes" (for the cost) are optional, and "blobType" (block
or page) is picked from the demand when left out. Every key is checked:
${FLEET_EXAMPLE}

${EXIT_CODES}`;

export function recommendationLines(
  io: Pick<Io, "isTty">,
  result: ReplicaRecommendation,
): string[] {
  const capped =
    result.limitedBy !== undefined
      ? style(io, "yellow", ` (wanted ${result.wanted}, limited by ${result.limitedBy})`)
      : "";
  const lines = [
    `Recommended replicas: ${style(io, "bold", String(result.replicas))}${capped}`,
    `Blob type:            ${result.blobType}`,
    `Deciding rule:        ${result.decidedBy}`,
    "Reasons:",
    ...result.reasons.map((reason) => `  - ${reason}`),
  ];
  if (result.limitedBy === "block-blob-limit") {
    lines.push(
      `Next step: stage the package as a page blob (--blob-type page) to get ${Math.min(result.wanted, 10)}.`,
    );
  }
  return lines;
}

export const recommendCommand: Command = {
  name: "recommend",
  summary: "recommend replicas for one region from its VMs and scale sets",
  help,
  options,
  async run(args, io) {
    const { values } = parseCommand("recommend", args, options, 0);
    if (values.help) {
      io.out(help);
      return 0;
    }
    refuseCombination(
      values,
      "fleet",
      ["vms", "scale-sets", "concurrent-downloads", "blob-type"],
      "give the demand either in the fleet file (per region) or as flags for one region, not both",
    );
    if (typeof values.fleet === "string") {
      const report = fleetReport(loadFleet(values.fleet));
      if (values.json) io.out(JSON.stringify(report, null, 2));
      else for (const line of fleetLines(io, report)) io.out(line);
      return hasErrors(report.plan.problems) ? 1 : 0;
    }
    const demand = {
      vms: countFlag("vms", values.vms, "120"),
      scaleSets: countListFlag("scale-sets", values["scale-sets"], "600,600"),
      concurrentDownloads: countFlag(
        "concurrent-downloads",
        values["concurrent-downloads"],
        "1000",
      ),
    };
    const result = recommendReplicas(demand, {
      blobType: choiceFlag("blob-type", values["blob-type"], BLOB_TYPES),
    });
    if (values.json) {
      io.out(JSON.stringify({ demand, ...result }, null, 2));
    } else {
      for (const line of recommendationLines(io, result)) io.out(line);
    }
    return 0;
  },
};
