/**
 * The report of `vmapps plan` as data: what the offline run saw, turned into resources, versions
 * with their replica plans and cost, outputs and problems. Built by ./build, printed by
 * ../render/plan.
 */
import type { CostEstimate, Problem, RegionPlan } from "../../core";
import type { ScaleSetReport } from "./scaleSets";

/** A resource in the tree of the plan, under its parent. */
export interface TreeNode {
  type: string;
  name: string;
  id?: string;
  children: TreeNode[];
}

/** One application version the program declares: its replicas per region, package and cost. */
export interface VersionReport {
  /** The Pulumi resource that declared it (component or raw azure-native version). */
  resource: string;
  application?: string;
  version?: string;
  location?: string;
  blobType?: string;
  blobTypeReason?: string;
  replicaCount?: number;
  regions: RegionPlan[];
  packageBytes?: number;
  mediaLink?: unknown;
  /** The package blob without its SAS, and when that SAS expires. */
  sourceBlobUrl?: string;
  sasExpiresOn?: string;
  cost?: CostEstimate;
  /** Why there is no cost estimate, when there is none. */
  costUnavailable?: string;
}

/** What `vmapps plan` reports (its --json output): resources, versions, outputs, problems. */
export interface PlanReport {
  /** The Pulumi project name (config namespace). */
  project: string;
  /**
   * The folder planned, when it has no Pulumi.yaml of its own and borrows `projectFile`: the
   * plan is titled by it.
   */
  program?: string;
  /** The Pulumi.yaml read for the project name, runtime and config. */
  projectFile?: string;
  stack: string;
  offline: true;
  resourceCount: number;
  tree: TreeNode[];
  versions: VersionReport[];
  outputs: Record<string, unknown>;
  /** Errors and warnings, each with field, message, fix and severity. */
  problems: Problem[];
  summary: { errors: number; warnings: number };
  /** Scale sets declared with azure-native: what they install and how a change rolls out. */
  scaleSets: ScaleSetReport[];
  notes: string[];
}

/** What the user adds to the report beyond what the program says. */
export interface ReportOptions {
  /** Overrides the package size used for the cost estimate. */
  packageBytes?: number;
  /** Overrides it for one version, keyed by version number (1.0.0) or resource name. */
  packageBytesByVersion?: Record<string, number>;
  notes?: string[];
  program?: string;
  projectFile?: string;
}
