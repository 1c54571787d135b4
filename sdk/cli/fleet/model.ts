/** A fleet plan as data: demand per region for one version, and the replicas it gets. */
import type {
  BlobType,
  CostEstimate,
  RegionRequest,
  RegionRule,
  ReplicaDemand,
  ReplicationPlan,
} from "../../core";

/** A fleet plan file (format: `vmapps recommend --help`): demand per region for one version. */
export interface Fleet {
  application?: string;
  version?: string;
  location: string;
  /** Package size, for the cost estimate. */
  packageBytes?: number;
  blobType?: BlobType;
  regions: Record<string, RegionRequest>;
}

/** One region of a fleet plan: its demand, the replicas it gets and the rule that decided them. */
export interface FleetRegion {
  region: string;
  demand?: ReplicaDemand;
  replicas: number;
  wanted: number;
  rule: RegionRule | "location";
  limitedBy?: string;
  reasons: string[];
}

/** A fleet plan with its replica plan per region and, given the package size, its cost. */
export interface FleetReport {
  fleet: Fleet;
  plan: ReplicationPlan;
  regions: FleetRegion[];
  cost?: CostEstimate;
}
