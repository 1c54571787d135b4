/**
 * The CLI's functions as the package root exported them before they moved to
 * `pulumi-azure-vmapps/cli` (see CHANGELOG.md). Each one loads the CLI when it is first called,
 * never when the root is imported: a Pulumi program that imports a component must not pay for
 * the command line (22 modules, plus what they import).
 */
import type * as Cli from "./cli";

function cli(): typeof Cli {
  return require("./cli");
}

/** @deprecated Import it from `pulumi-azure-vmapps/cli`; the root's alias will be removed. */
export const fleetReport: typeof Cli.fleetReport = (fleet) => cli().fleetReport(fleet);
/** @deprecated Import it from `pulumi-azure-vmapps/cli`; the root's alias will be removed. */
export const loadFleet: typeof Cli.loadFleet = (file) => cli().loadFleet(file);
/** @deprecated Import it from `pulumi-azure-vmapps/cli`; the root's alias will be removed. */
export const planExitCode: typeof Cli.planExitCode = (report, strict) =>
  cli().planExitCode(report, strict);
/** @deprecated Import it from `pulumi-azure-vmapps/cli`; the root's alias will be removed. */
export const planProject: typeof Cli.planProject = (options) => cli().planProject(options);
/** @deprecated Import it from `pulumi-azure-vmapps/cli`; the root's alias will be removed. */
export const runVmapps: typeof Cli.runVmapps = (argv, io) => cli().runVmapps(argv, io);
/** @deprecated Import it from `pulumi-azure-vmapps/cli`; the root's alias will be removed. */
export const stageForGallery: typeof Cli.stageForGallery = (path, options) =>
  cli().stageForGallery(path, options);

/** @deprecated Import it from `pulumi-azure-vmapps/cli`. */
export type Fleet = Cli.Fleet;
/** @deprecated Import it from `pulumi-azure-vmapps/cli`. */
export type FleetRegion = Cli.FleetRegion;
/** @deprecated Import it from `pulumi-azure-vmapps/cli`. */
export type FleetReport = Cli.FleetReport;
/** @deprecated Import it from `pulumi-azure-vmapps/cli`. */
export type PlanOptions = Cli.PlanOptions;
/** @deprecated Import it from `pulumi-azure-vmapps/cli`. */
export type PlanReport = Cli.PlanReport;
/** @deprecated Import it from `pulumi-azure-vmapps/cli`. */
export type StageCommandResult = Cli.StageCommandResult;
/** @deprecated Import it from `pulumi-azure-vmapps/cli`. */
export type TreeNode = Cli.TreeNode;
/** @deprecated Import it from `pulumi-azure-vmapps/cli`. */
export type VersionReport = Cli.VersionReport;
