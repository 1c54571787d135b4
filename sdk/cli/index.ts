/**
 * The vmapps command line: offline plan, staging and recommendations, also usable as functions.
 * Import it as `pulumi-azure-vmapps/cli`; the package root does not load it.
 * @module pulumi-azure-vmapps/cli
 */
export { type PlanOptions, planExitCode, planProject } from "./commands/plan";
export { type StageCommandResult, stage as stageForGallery } from "./commands/stage";
export { type Fleet, type FleetRegion, type FleetReport, fleetReport, loadFleet } from "./fleet";
export { main as runVmapps } from "./main";
export type { PlanReport, TreeNode, VersionReport } from "./plan/report";
