/**
 * The VMs and scale sets a program declares with azure-native: the checks the package's own
 * functions apply (application profile rules, rolling upgrade ranges, Rolling mode's health
 * signal), for profiles written by hand too, and for each scale set what it installs and how
 * Azure will roll a change of it out.
 */
import {
  type AssignedVersionFacts,
  type GalleryApplicationAssignment,
  type Problem,
  type RollingUpgradePolicyShape,
  type ScaleSetShape,
  scaleSetUpgradeProblems,
  validateApplicationAssignment,
} from "../../core";
import { ROLLING_DEFAULT_PERCENT } from "../../core/shared/limits";
import type { OfflineResource } from "../offline/engine";
import { isRedacted, isUnknown, secretsAsUnknown } from "../offline/values";
import { ARM_SCALE_SET, ARM_VERSION, ARM_VIRTUAL_MACHINE } from "../tokens";

type Inputs = Record<string, unknown>;

export interface ScaleSetReport {
  resource: string;
  /** Ids of the versions it installs, in profile order; "?" while one is not known. */
  installs: string[];
  /** "Rolling", "Manual" or "Automatic" (Azure's default is Manual). */
  upgradeMode: string;
  instances?: number;
  /** How Azure batches a change in Rolling mode. */
  rolling?: RollingReport;
}

export interface RollingReport {
  batchPercent: number;
  /** Instances per batch at most, and so batches at least, when the capacity is known. */
  batchSize?: number;
  batches?: number;
  pause?: string;
  /** No upgraded instance may turn unhealthy (maxUnhealthyUpgradedInstancePercent 0). */
  stopsAtFirstUnhealthy: boolean;
  rollsBackFailed: boolean;
}

const inputsOf = (resource: OfflineResource) => secretsAsUnknown(resource.inputs) as Inputs;

function record(value: unknown): Inputs {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Inputs)
    : {};
}

function galleryApplications(machine: OfflineResource): unknown {
  const inputs = inputsOf(machine);
  const profile =
    machine.type === ARM_SCALE_SET
      ? record(record(inputs.virtualMachineProfile).applicationProfile)
      : record(inputs.applicationProfile);
  return profile.galleryApplications;
}

/** What the plan knows of each declared version, by its id as ARM compares ids. */
function declaredVersionFacts(resources: OfflineResource[]): Map<string, AssignedVersionFacts> {
  const facts = new Map<string, AssignedVersionFacts>();
  for (const version of resources.filter((r) => r.type === ARM_VERSION)) {
    if (typeof version.id !== "string") continue;
    const inputs = inputsOf(version);
    const targets = record(inputs.publishingProfile).targetRegions;
    const names = Array.isArray(targets) ? targets.map((t) => record(t).name) : undefined;
    facts.set(version.id.toLowerCase(), {
      version:
        typeof inputs.galleryApplicationVersionName === "string"
          ? inputs.galleryApplicationVersionName
          : undefined,
      ...(names?.every((name) => typeof name === "string") && { targetRegions: names as string[] }),
    });
  }
  return facts;
}

export function declaredMachineProblems(resources: OfflineResource[]): Problem[] {
  const versions = declaredVersionFacts(resources);
  const machines = resources.filter(
    (r) => r.type === ARM_SCALE_SET || r.type === ARM_VIRTUAL_MACHINE,
  );
  return machines.flatMap((machine) => {
    const inputs = inputsOf(machine);
    const problems: Problem[] =
      machine.type === ARM_SCALE_SET ? scaleSetUpgradeProblems(inputs as ScaleSetShape) : [];
    const applications = galleryApplications(machine);
    if (Array.isArray(applications)) {
      const entries = applications.map((entry) => record(entry) as GalleryApplicationAssignment);
      problems.push(
        ...validateApplicationAssignment(entries, {
          field:
            machine.type === ARM_SCALE_SET
              ? "virtualMachineProfile.applicationProfile.galleryApplications"
              : "applicationProfile.galleryApplications",
          location: typeof inputs.location === "string" ? inputs.location : undefined,
          facts: entries.map((entry) =>
            typeof entry.packageReferenceId === "string"
              ? versions.get(entry.packageReferenceId.toLowerCase())
              : undefined,
          ),
        }),
      );
    }
    return problems.map((problem) => ({ ...problem, resource: machine.name }));
  });
}

function wholeNumber(value: unknown): number | undefined {
  return typeof value === "number" && Number.isSafeInteger(value) ? value : undefined;
}

function rollingReport(
  policy: RollingUpgradePolicyShape,
  instances: number | undefined,
): RollingReport {
  const batchPercent = wholeNumber(policy.maxBatchInstancePercent) ?? ROLLING_DEFAULT_PERCENT;
  const batchSize =
    instances === undefined ? undefined : Math.max(1, Math.ceil((batchPercent * instances) / 100));
  return {
    batchPercent,
    ...(batchSize !== undefined &&
      instances !== undefined && { batchSize, batches: Math.ceil(instances / batchSize) }),
    ...(typeof policy.pauseTimeBetweenBatches === "string" && {
      pause: policy.pauseTimeBetweenBatches,
    }),
    stopsAtFirstUnhealthy: policy.maxUnhealthyUpgradedInstancePercent === 0,
    rollsBackFailed: policy.rollbackFailedInstancesOnPolicyBreach === true,
  };
}

export function scaleSetReports(resources: OfflineResource[]): ScaleSetReport[] {
  return resources
    .filter((r) => r.type === ARM_SCALE_SET)
    .map((scaleSet) => {
      const inputs = record(scaleSet.inputs);
      const applications = galleryApplications(scaleSet);
      const policy = record(inputs.upgradePolicy);
      const upgradeMode = typeof policy.mode === "string" ? policy.mode : "Manual";
      const instances = wholeNumber(record(inputs.sku).capacity);
      return {
        resource: scaleSet.name,
        installs: Array.isArray(applications)
          ? applications.map((entry) => {
              const id = record(entry).packageReferenceId;
              return typeof id === "string" && !isRedacted(id) && !isUnknown(id) ? id : "?";
            })
          : [],
        upgradeMode,
        ...(instances !== undefined && { instances }),
        ...(upgradeMode === "Rolling" && {
          rolling: rollingReport(
            record(policy.rollingUpgradePolicy) as RollingUpgradePolicyShape,
            instances,
          ),
        }),
      };
    });
}
