/** A fleet report as `vmapps recommend --fleet` prints it. */
import type { ReplicaDemand } from "../../core";
import type { FleetRegion, FleetReport } from "../fleet/model";
import { costColumns } from "./cost";
import { type Io, style } from "./output";
import { problemLines } from "./problems";
import { renderTable } from "./table";
import { formatBytes, formatUsd } from "./values";

/** A region's demand in a few words, e.g. "20 VMs + 2 scale sets of 600". */
export function formatDemand(demand: ReplicaDemand | undefined): string {
  if (!demand) return "—";
  const parts: string[] = [];
  if (demand.vms) parts.push(`${demand.vms} VMs`);
  const scaleSets = demand.scaleSets ?? [];
  if (scaleSets.length === 1) parts.push(`1 scale set of ${scaleSets[0]}`);
  else if (scaleSets.length > 1 && scaleSets.every((count) => count === scaleSets[0])) {
    parts.push(`${scaleSets.length} scale sets of ${scaleSets[0]}`);
  } else if (scaleSets.length > 1) parts.push(`scale sets of ${scaleSets.join(", ")}`);
  if (demand.concurrentDownloads) parts.push(`${demand.concurrentDownloads} downloads`);
  return parts.join(" + ") || "none";
}

/** The fleet table, blob type, version-wide count, limits hit, cost and problems. */
export function fleetLines(io: Io, report: FleetReport): string[] {
  const { fleet, plan } = report;
  const title = [fleet.application, fleet.version].filter(Boolean).join(" ");
  const lines = [
    style(io, "bold", `Fleet plan${title ? ` for ${title}` : ""}`) +
      ` — source region ${fleet.location}${fleet.packageBytes !== undefined ? `, package ${formatBytes(fleet.packageBytes)}` : ""}`,
    "",
    ...renderTable(
      [
        { header: "Region", value: (r: FleetRegion) => r.region },
        { header: "Demand", value: (r) => formatDemand(r.demand) },
        { header: "Replicas", value: (r) => style(io, "bold", String(r.replicas)), align: "right" },
        { header: "Wanted", value: (r) => String(r.wanted), align: "right" },
        { header: "Deciding rule", value: (r) => r.rule },
        {
          header: "Limit hit",
          value: (r) => (r.limitedBy ? style(io, "yellow", r.limitedBy) : "—"),
        },
        ...costColumns<FleetRegion>(report.cost),
      ],
      report.regions,
    ),
    "",
    `Blob type: ${plan.blobType}. ${plan.blobTypeReason}`,
    `Version-wide replicaCount: ${plan.replicaCount}`,
  ];
  for (const region of report.regions.filter((r) => r.limitedBy)) {
    const why = region.reasons[region.reasons.length - 1];
    if (why) lines.push(style(io, "yellow", `Limit in ${region.region}: ${why}`));
  }
  if (report.cost) {
    lines.push(
      `Cost estimate, total: ${formatUsd(report.cost.storagePerMonth)}/month storage + ${formatUsd(report.cost.oneTimeEgress)} one-time egress (${report.cost.currency})`,
      ...report.cost.assumptions.map((assumption: string) => style(io, "dim", `  · ${assumption}`)),
    );
  }
  if (plan.problems.length > 0) lines.push("", ...problemLines(io, plan.problems));
  return lines;
}
