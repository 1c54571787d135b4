import {
  estimateMonthlyCost,
  type Problem,
  type RegionPlan,
  validateApplicationVersion,
} from "../../core";
import { usageError } from "../errors";
import type { OfflineResource, OfflineRun } from "../offline/engine";
import { isRedacted, isUnknown, secretsAsUnknown } from "../offline/values";
import { ARM_VERSION, isStagedBlob, VERSION_COMPONENT } from "../tokens";
import type { PlanReport, ReportOptions, TreeNode, VersionReport } from "./model";
import { declaredMachineProblems, scaleSetReports } from "./scaleSets";

function buildTree(resources: OfflineResource[]): TreeNode[] {
  const nodes = new Map<string, TreeNode>();
  for (const resource of resources) {
    nodes.set(resource.urn, {
      type: resource.type,
      name: resource.name,
      ...(resource.id !== undefined && { id: resource.id }),
      children: [],
    });
  }
  const roots: TreeNode[] = [];
  for (const resource of resources) {
    const node = nodes.get(resource.urn);
    if (!node || resource.type.startsWith("pulumi:providers:")) continue;
    const parent = resource.parent ? nodes.get(resource.parent) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function known<T>(value: unknown, check: (v: unknown) => v is T): T | undefined {
  return isUnknown(value) || isRedacted(value) || !check(value) ? undefined : value;
}
const isString = (v: unknown): v is string => typeof v === "string";
const isNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

function descendants(resources: OfflineResource[], root: string): OfflineResource[] {
  const found: OfflineResource[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const parent = queue.shift();
    for (const child of resources.filter((r) => r.parent === parent)) {
      found.push(child);
      queue.push(child.urn);
    }
  }
  return found;
}

/** Target regions as Azure will see them, when the program gives no replica plan of its own. */
function regionsFromArm(profile: Record<string, unknown>): RegionPlan[] {
  const versionWide = known(profile.replicaCount, isNumber);
  const defaultCount = versionWide ?? 1;
  const targets = Array.isArray(profile.targetRegions) ? profile.targetRegions : [];
  return targets.map((target) => {
    const region = record(target);
    const explicit = known(region.regionalReplicaCount, isNumber);
    const replicas = explicit ?? defaultCount;
    return {
      region: known(region.name, isString) ?? "?",
      replicas,
      wanted: replicas,
      source: explicit === undefined ? "default" : "explicit",
      // A count the program set, here or version-wide; else Azure's default, the minimum of 1.
      decidedBy: explicit === undefined && versionWide === undefined ? "minimum" : "explicit",
      reasons: [
        explicit === undefined
          ? `No regionalReplicaCount: Azure applies the version-wide replicaCount ${defaultCount}.`
          : `regionalReplicaCount ${explicit} set by the program.`,
      ],
    };
  });
}

/**
 * The package size, from the package the version stages itself (a child): the component
 * registers no size output. A version given a mediaLink stages nothing: another version's blob
 * is not its package.
 */
function packageBytesFor(
  resources: OfflineResource[],
  component: OfflineResource,
): number | undefined {
  const staged = descendants(resources, component.urn).find(
    (r) => isStagedBlob(r.type) && isNumber(r.outputs.size),
  );
  return known(staged?.outputs.size, isNumber);
}

/** A raw version's size: the staged blob its mediaLink points at, when the plan can see it. */
function stagedSizeAt(resources: OfflineResource[], mediaLink: unknown): number | undefined {
  const link = known(mediaLink, isString)?.split("?")[0];
  if (link === undefined) return undefined;
  const staged = resources.find(
    (r) => isStagedBlob(r.type) && known(r.outputs.url, isString) === link,
  );
  return known(staged?.outputs.size, isNumber);
}

function costFor(report: VersionReport): Pick<VersionReport, "cost" | "costUnavailable"> {
  if (report.packageBytes === undefined) {
    return {
      costUnavailable: `package size unknown (the program passes a mediaLink); pass --package-bytes ${report.version ?? report.resource}=N for an estimate`,
    };
  }
  if (!report.location || report.regions.length === 0) {
    return { costUnavailable: "no location or target regions to price" };
  }
  return {
    cost: estimateMonthlyCost({
      packageBytes: report.packageBytes,
      sourceRegion: report.location,
      regions: report.regions.map((region) => ({ name: region.region, replicas: region.replicas })),
    }),
  };
}

/**
 * The blob type the replica plan needs must be the one the package is staged as: a block blob
 * holds at most 3 replicas per region, and Azure only says so after the upload.
 */
function stagedBlobTypeProblems(
  resources: OfflineResource[],
  component: OfflineResource,
  planned: string | undefined,
): Problem[] {
  if (planned === undefined) return [];
  return descendants(resources, component.urn)
    .filter((r) => isStagedBlob(r.type))
    .flatMap((blob) => {
      const staged = known(blob.outputs.blobType, isString);
      if (staged === undefined || staged === planned) return [];
      return [
        {
          field: "blobType",
          message: `the replica plan needs a ${planned} blob, but ${blob.name} stages the package as a ${staged} blob.`,
          fix: `stage the package as a ${planned} blob (StagedBlob blobType "${planned}")`,
          severity: "error" as const,
          resource: component.name,
        },
      ];
    });
}

/**
 * The package size the user gave for a version, by resource name or version number, else the
 * one for every version. Throws a usage error for a key no version matched: a typo must not
 * silently price the wrong package.
 */
function givenPackageBytes(options: ReportOptions) {
  const byVersion = new Map(Object.entries(options.packageBytesByVersion ?? {}));
  const matched = new Set<string>();
  const seen: string[] = [];
  return {
    for(version: string | undefined, resource: string): number | undefined {
      seen.push(version ?? resource);
      const key = [resource, version].find((k) => k !== undefined && byVersion.has(k));
      if (key === undefined) return options.packageBytes;
      matched.add(key);
      return byVersion.get(key);
    },
    checkAllMatched(): void {
      const unmatched = [...byVersion.keys()].find((key) => !matched.has(key));
      if (unmatched === undefined) return;
      throw usageError(
        `--package-bytes ${unmatched}=${byVersion.get(unmatched)}: the program declares no version ${unmatched}`,
        `name one of its versions: ${seen.join(", ") || "(none)"}`,
      );
    },
  };
}

/** Turns what the offline engine saw into the plan a user reads: versions, replicas, cost, problems. */
export function buildPlanReport(run: OfflineRun, options: ReportOptions = {}): PlanReport {
  const { resources } = run;
  const problems = [...run.problems];
  const given = givenPackageBytes(options);
  const versions: VersionReport[] = [];
  // A version with errors is not published: its problems say why, no plan is shown for it.
  const failed = new Set(
    problems.filter((p) => p.severity === "error" && p.resource).map((p) => p.resource),
  );

  for (const component of resources.filter((r) => r.type === VERSION_COMPONENT)) {
    if (failed.has(component.name)) continue;
    const arm = descendants(resources, component.urn).find((r) => r.type === ARM_VERSION);
    const armInputs = record(arm?.inputs);
    const profile = record(armInputs.publishingProfile);
    const out = component.outputs;
    const plan = Array.isArray(out.replicaPlan) ? (out.replicaPlan as RegionPlan[]) : undefined;
    const version =
      known(out.version, isString) ?? known(armInputs.galleryApplicationVersionName, isString);
    const report: VersionReport = {
      resource: component.name,
      application: known(armInputs.galleryApplicationName, isString),
      version,
      location: known(armInputs.location, isString) ?? plan?.[0]?.region,
      blobType: known(out.blobType, isString),
      blobTypeReason: known(out.blobTypeReason, isString),
      replicaCount: known(out.replicaCount, isNumber) ?? known(profile.replicaCount, isNumber),
      regions: plan ?? regionsFromArm(profile),
      packageBytes: given.for(version, component.name) ?? packageBytesFor(resources, component),
      mediaLink: out.mediaLink ?? record(profile.source).mediaLink,
      sourceBlobUrl: known(out.sourceBlobUrl, isString),
      sasExpiresOn: known(out.sasExpiresOn, isString),
    };
    versions.push({ ...report, ...costFor(report) });
    problems.push(...stagedBlobTypeProblems(resources, component, report.blobType));
  }

  // Versions declared with azure-native directly get the same checks the components apply.
  const componentUrns = new Set(
    resources.filter((r) => r.type === VERSION_COMPONENT).map((r) => r.urn),
  );
  for (const arm of resources.filter((r) => r.type === ARM_VERSION)) {
    const owned = [...componentUrns].some((urn) =>
      descendants(resources, urn).some((r) => r.urn === arm.urn),
    );
    if (owned) continue;
    const inputs = record(arm.inputs);
    const profile = record(inputs.publishingProfile);
    const version = known(inputs.galleryApplicationVersionName, isString);
    const packageBytes =
      given.for(version, arm.name) ?? stagedSizeAt(resources, record(profile.source).mediaLink);
    problems.push(
      ...validateApplicationVersion(
        { ...(secretsAsUnknown(inputs) as object), name: version },
        { packageBytes },
      ).map((problem) => ({ ...problem, resource: arm.name })),
    );
    const report: VersionReport = {
      resource: arm.name,
      application: known(inputs.galleryApplicationName, isString),
      version,
      location: known(inputs.location, isString),
      replicaCount: known(profile.replicaCount, isNumber),
      regions: regionsFromArm(profile),
      packageBytes,
      mediaLink: record(profile.source).mediaLink,
    };
    versions.push({ ...report, ...costFor(report) });
  }
  given.checkAllMatched();
  problems.push(...declaredMachineProblems(resources));

  const errors = problems.filter((problem) => problem.severity === "error").length;
  return {
    project: run.project,
    ...(options.program !== undefined && { program: options.program }),
    ...(options.projectFile !== undefined && { projectFile: options.projectFile }),
    stack: run.stack,
    offline: true,
    resourceCount: resources.filter((r) => !r.type.startsWith("pulumi:providers:")).length,
    tree: buildTree(resources),
    versions,
    scaleSets: scaleSetReports(resources),
    outputs: run.stackOutputs,
    problems,
    summary: { errors, warnings: problems.length - errors },
    notes: options.notes ?? [],
  };
}
