/**
 * What a recipe's commands were built for. Commands are plain text run in the download folder,
 * where the package is a file named after the application (or `packageFileName`), by /bin/bash
 * on Linux and cmd.exe on Windows (VM Applications overview). Commands built for another application open a file
 * that is not there; commands built for the other OS do not run at all. Both show up only on
 * the VM, after publishing, unless the version compares the recipe with its application.
 */
import { error, type Problem, warning } from "../../shared/problems";

export type RecipeOs = "Linux" | "Windows";

export interface RecipeOrigin {
  /** The recipe, e.g. "linux.tarGz". */
  recipe: string;
  os: RecipeOs;
  /** The `appName` option. */
  appName: string;
  /** The `packageFileName` option, when given. */
  packageFileName?: string;
}

/**
 * Kept on the returned commands as a non-enumerable property: `{ install, remove }` looks,
 * serialises and compares as before. A registry symbol, so two copies of this package agree.
 * A copy made by spreading (`{ ...recipe, update }`) does not carry it, and is not checked.
 */
const ORIGIN = Symbol.for("pulumi-azure-vmapps.recipeOrigin");

export function markOrigin<T extends object>(commands: T, origin: RecipeOrigin): T {
  Object.defineProperty(commands, ORIGIN, { value: Object.freeze({ ...origin }) });
  return commands;
}

/** The origin of commands a recipe returned, or undefined for any other value. */
export function recipeOrigin(commands: unknown): RecipeOrigin | undefined {
  if (commands === null || typeof commands !== "object") return undefined;
  return (commands as { [ORIGIN]?: RecipeOrigin })[ORIGIN];
}

/** The application a version publishes, as far as it is known before deployment. */
export interface ApplicationFacts {
  /** Application name, which the package file is named after. */
  name?: string;
  /** "Linux" or "Windows". */
  os?: string;
}

/**
 * Problems, under `commands`, when they came from a recipe built for another OS or another
 * package file name than the version's: `packageFileName` is the version's setting, else the
 * file is named after the application. Facts not known yet are not compared.
 */
export function recipeMismatchProblems(
  commands: unknown,
  application: ApplicationFacts,
  packageFileName: string | undefined,
): Problem[] {
  const origin = recipeOrigin(commands);
  if (!origin) return [];
  const problems: Problem[] = [];
  const recipe = `recipes.${origin.recipe}`;
  const { name, os } = application;
  if ((os === "Linux" || os === "Windows") && os !== origin.os) {
    const shell = (which: RecipeOs) => (which === "Linux" ? "/bin/bash" : "cmd.exe");
    problems.push(
      error(
        "commands",
        `the commands come from ${recipe}, a ${origin.os} recipe, but the application is for ${os}: the VM runs them with ${shell(os)}, which cannot run commands written for ${shell(origin.os)}.`,
        `Build the commands with a recipes.${os.toLowerCase()} recipe, or publish this version to a ${origin.os} application.`,
      ),
    );
  }
  const arrivesAs = packageFileName ?? name;
  const opens = origin.packageFileName ?? origin.appName;
  // File names on Windows differ only in letter case; on Linux every letter counts.
  const same = (a: string, b: string) =>
    (os ?? origin.os) === "Windows" ? a.toLowerCase() === b.toLowerCase() : a === b;
  if (arrivesAs !== undefined && !same(arrivesAs, opens)) {
    problems.push(
      error(
        "commands",
        `the commands come from ${recipe} built for ${describeFile(origin)}, so they open a file named "${opens}"; the package arrives on the VM as "${arrivesAs}" (${packageFileName !== undefined ? "packageFileName" : "the application's name"}), and the install command would not find it.`,
        fileFix(origin, name, packageFileName),
      ),
    );
  } else if (name !== undefined && !same(name, origin.appName)) {
    // The file names agree, so the commands work; only names the recipe derives (msi log
    // files) carry the other application's name.
    problems.push(
      warning(
        "commands",
        `the commands come from ${recipe} built for appName "${origin.appName}", not for this application, "${name}".`,
        `Pass appName: "${name}" to the recipe.`,
      ),
    );
  }
  return problems;
}

function describeFile(origin: RecipeOrigin): string {
  return origin.packageFileName === undefined
    ? `appName "${origin.appName}"`
    : `packageFileName "${origin.packageFileName}"`;
}

function fileFix(
  origin: RecipeOrigin,
  name: string | undefined,
  packageFileName: string | undefined,
): string {
  if (packageFileName !== undefined) {
    return `Pass packageFileName: "${packageFileName}" to the recipe as well, or give the version the recipe's packageFileName.`;
  }
  if (origin.packageFileName !== undefined) {
    return `Set packageFileName: "${origin.packageFileName}" on the version too, so the package arrives under the name the commands open.`;
  }
  return `Pass appName: "${name}" (this application's name) to the recipe.`;
}
