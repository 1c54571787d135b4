/**
 * The vmapps command line: offline plan, staging and recommendations, also usable as functions.
 * Import it as `pulumi-azure-vmapps/cli`; the package root does not load it.
 * @module pulumi-azure-vmapps/cli
 */
export { type PlanOptions, planExitCode, planProject } from "./commands/plan";
export { type StageCommandResult, stage as stageForGallery } from "./commands/stage";
export type { Fleet, FleetRegion, FleetReport } from "./fleet/model";
export { loadFleet } from "./fleet/parse";
export { fleetReport } from "./fleet/report";
export { main as runVmapps } from "./main";
export type { PlanReport, TreeNode, VersionReport } from "./report/model";
