/** `vmapps plan`'s report as a person reads it, and as JSON for CI. */
import type { Problem, RegionPlan } from "../../core";
import { isRedacted, isUnknown } from "../offline/values";
import type { PlanReport, TreeNode, VersionReport } from "../report/model";
import type { ScaleSetReport } from "../report/scaleSets";
import { costColumns } from "./cost";
import { type Io, style } from "./output";
import { problemLines } from "./problems";
import { renderTable } from "./table";
import { formatBytes, formatUsd, SECRET_TEXT, UNKNOWN_TEXT } from "./values";

/** JSON for CI: secrets and unknowns as their placeholders, never their values. */
function placeholders(_key: string, value: unknown): unknown {
  return isRedacted(value) ? SECRET_TEXT : isUnknown(value) ? UNKNOWN_TEXT : value;
}

export function planJson(report: PlanReport): string {
  return JSON.stringify(report, placeholders, 2);
}

export function displayValue(value: unknown): string {
  if (isRedacted(value)) return SECRET_TEXT;
  if (isUnknown(value)) return UNKNOWN_TEXT;
  if (typeof value === "string") return value;
  // One line: structured outputs stay readable in a terminal and greppable in a log.
  return JSON.stringify(value, placeholders);
}

function treeRows(nodes: TreeNode[], prefix = ""): Array<[string, string]> {
  return nodes.flatMap((node, index) => {
    const last = index === nodes.length - 1;
    const row: [string, string] = [`${prefix}${last ? "└─ " : "├─ "}${node.name}`, node.type];
    return [row, ...treeRows(node.children, prefix + (last ? "   " : "│  "))];
  });
}

/** Names down the left, types aligned in one column to their right. */
function treeLines(io: Io, nodes: TreeNode[]): string[] {
  const rows = treeRows(nodes);
  const width = Math.max(0, ...rows.map(([name]) => name.length));
  return rows.map(([name, type]) => `${name.padEnd(width)}  ${style(io, "dim", type)}`);
}

/** Where the count came from and the rule that decided it, e.g. "demand: vms", "explicit". */
function ruleText(region: RegionPlan): string {
  const rule =
    region.decidedBy === region.source ? region.source : `${region.source}: ${region.decidedBy}`;
  return region.addedBecauseLocation ? `${rule} (location)` : rule;
}

function versionLines(io: Io, version: VersionReport): string[] {
  const title = [version.application, version.version].filter(Boolean).join(" ");
  const lines = [
    style(io, "bold", `Application version ${title || version.resource}`) +
      ` (resource ${version.resource})`,
    `  location ${version.location ?? "?"} · blob type ${version.blobType ?? "?"} · version-wide replicaCount ${version.replicaCount ?? "?"}`,
  ];
  if (version.blobTypeReason) lines.push(style(io, "dim", `  ${version.blobTypeReason}`));
  lines.push(
    `  package ${version.packageBytes !== undefined ? formatBytes(version.packageBytes) : "size unknown"} · mediaLink ${version.mediaLink === undefined ? "—" : displayValue(version.mediaLink)}${version.sasExpiresOn ? ` (SAS expires ${version.sasExpiresOn})` : ""}`,
  );
  if (version.sourceBlobUrl) lines.push(`  blob ${version.sourceBlobUrl}`);
  lines.push(
    ...renderTable(
      [
        { header: "Region", value: (r) => r.region },
        { header: "Replicas", value: (r) => String(r.replicas), align: "right" },
        { header: "Wanted", value: (r) => String(r.wanted), align: "right" },
        { header: "Rule", value: ruleText },
        { header: "Limit", value: (r) => r.limitedBy ?? "—" },
        ...costColumns<VersionReport["regions"][number]>(version.cost),
      ],
      version.regions,
    ).map((line) => `  ${line}`),
  );
  // Reasons under the table, so it stays narrow enough for a terminal.
  for (const region of version.regions) {
    lines.push(`  why ${region.region}:`);
    lines.push(...region.reasons.map((reason) => style(io, "dim", `    - ${reason}`)));
  }
  if (version.cost) {
    const { cost } = version;
    lines.push(
      `  cost estimate, total: ${formatUsd(cost.storagePerMonth)}/month storage + ${formatUsd(cost.oneTimeEgress)} one-time egress (${cost.currency})`,
    );
  } else {
    lines.push(`  cost estimate: ${version.costUnavailable ?? "unavailable"}`);
  }
  return lines;
}

/** What a scale set installs, and how Azure rolls a change of it out. */
function scaleSetLines(io: Io, scaleSet: ScaleSetReport): string[] {
  const lines = [style(io, "bold", `Scale set ${scaleSet.resource}`)];
  for (const id of scaleSet.installs) {
    const version = /\/applications\/([^/]+)\/versions\/([^/]+)$/i.exec(id);
    lines.push(`  installs ${version ? `${version[1]} ${version[2]}` : id}`);
  }
  const rolling = scaleSet.rolling;
  if (rolling === undefined) {
    const how =
      scaleSet.upgradeMode === "Automatic"
        ? "every instance at once"
        : "instances keep their version until each is upgraded (updateInstances)";
    lines.push(`  a change: ${scaleSet.upgradeMode} mode, ${how}`);
    return lines;
  }
  const batches =
    rolling.batchSize !== undefined && scaleSet.instances !== undefined
      ? `up to ${rolling.batchSize} of ${scaleSet.instances} instances per batch (${rolling.batchPercent}%), so at least ${rolling.batches} batch${rolling.batches === 1 ? "" : "es"}`
      : `up to ${rolling.batchPercent}% of the instances per batch`;
  const rules = [
    batches,
    rolling.pause ? `pause ${rolling.pause} between batches` : undefined,
    rolling.stopsAtFirstUnhealthy ? "stops at the first unhealthy upgraded instance" : undefined,
    rolling.rollsBackFailed ? "rolls failed instances back" : undefined,
  ].filter((rule) => rule !== undefined);
  lines.push(`  a change: Rolling mode, ${rules.join(" · ")}`);
  return lines;
}

/** The plan as a person reads it in a terminal or a CI log. */
export function planLines(
  io: Io,
  report: PlanReport,
  options: { strict?: boolean } = {},
): string[] {
  const lines = [
    style(io, "bold", `Plan for ${report.program ?? report.project} (stack ${report.stack})`) +
      style(io, "dim", " — offline: no Azure calls, ids and generated names are placeholders"),
  ];
  if (report.program !== undefined) {
    lines.push(
      style(
        io,
        "dim",
        `${report.program} has no Pulumi.yaml: it runs as project ${report.project}, with the runtime and config of ${report.projectFile}`,
      ),
    );
  }
  lines.push(
    "",
    style(io, "bold", `Resources (${report.resourceCount})`),
    ...treeLines(io, report.tree),
  );
  for (const version of report.versions) lines.push("", ...versionLines(io, version));
  for (const scaleSet of report.scaleSets) lines.push("", ...scaleSetLines(io, scaleSet));
  const assumptions = new Set(
    report.versions.flatMap((version) => version.cost?.assumptions ?? []),
  );
  if (assumptions.size > 0) {
    lines.push("", style(io, "dim", "Cost estimates assume:"));
    for (const assumption of assumptions) lines.push(style(io, "dim", `  · ${assumption}`));
  }
  const outputs = Object.entries(report.outputs);
  if (outputs.length > 0) {
    lines.push("", style(io, "bold", "Outputs"));
    const width = Math.max(...outputs.map(([key]) => key.length));
    for (const [key, value] of outputs)
      lines.push(`  ${key.padEnd(width)}  ${displayValue(value)}`);
  }
  for (const note of report.notes) lines.push(style(io, "dim", `note: ${note}`));
  lines.push("", ...verdictLines(io, report.problems, options.strict === true));
  return lines;
}

/** The problems, then one summary line that agrees with the exit code. */
function verdictLines(io: Io, problems: Problem[], strict: boolean): string[] {
  const errors = problems.filter((problem) => problem.severity === "error").length;
  const warnings = problems.length - errors;
  if (problems.length === 0) return [style(io, "green", "✓ No problems found.")];
  if (errors > 0) {
    return [
      style(io, "red", `Problems (${plural(errors, "error")}, ${plural(warnings, "warning")})`),
      ...problemLines(io, problems),
    ];
  }
  const verdict = strict
    ? style(
        io,
        "red",
        `✗ No errors; ${plural(warnings, "warning")} (--strict: warnings fail the plan)`,
      )
    : style(io, "yellow", `✓ No errors; ${plural(warnings, "warning")}`);
  return [...problemLines(io, problems), "", verdict];
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
