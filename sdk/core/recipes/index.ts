import { deb, tarGz } from "./linux";
import { exe, msi, zip } from "./windows";

export type { DebOptions, TarGzOptions } from "./linux";
export { type ManageActions, RecipeError } from "./quoting";
export type { ExeOptions, MsiOptions, ZipOptions } from "./windows";

/** install / remove commands for common package formats, as seed 001 teaches them. */
export const recipes = {
  linux: { tarGz, deb },
  windows: { exe, msi, zip },
} as const;
