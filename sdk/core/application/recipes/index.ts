import { deb, tarGz } from "./linux";
import { exe, msi, zip } from "./windows";

export type { DebOptions, TarGzOptions } from "./linux";
export { type ManageActions, RecipeError } from "./quoting";
export type { ExeOptions, MsiOptions, ZipOptions } from "./windows";

/** install / remove commands for common package formats, as the VM Applications overview teaches them (https://learn.microsoft.com/azure/virtual-machines/vm-applications). */
export const recipes = {
  linux: { tarGz, deb },
  windows: { exe, msi, zip },
} as const;
