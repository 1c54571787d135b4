import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parse } from "yaml";
import type { Problem } from "../../core";
import { ENCRYPTED_PLACEHOLDER } from "../../core/shared/fields";
import { CliError } from "../errors";

export interface PulumiProject {
  dir: string;
  name: string;
  /** The folder asked for, when it has no Pulumi.yaml and borrows `projectFile` from above it. */
  programDir?: string;
  /** The Pulumi.yaml read for the name, runtime and config. */
  projectFile: string;
  /** The program's entry file. */
  main: string;
  stack: string;
  /** Namespaced config (`project:key`), values as strings the way the Pulumi engine passes them. */
  config: Record<string, string>;
  secretKeys: string[];
  /** Warnings about the config itself: encrypted values the plan could not read. */
  problems: Problem[];
}

export interface ProjectOptions {
  stack?: string;
  /** `key=value` as given on the command line; a key without a namespace gets the project's. */
  config?: string[];
  secrets?: string[];
}

function readYaml(file: string): Record<string, unknown> {
  try {
    const parsed = parse(readFileSync(file, "utf8")) as unknown;
    return parsed !== null && typeof parsed === "object" ? (parsed as Record<string, unknown>) : {};
  } catch (error) {
    throw new CliError(
      `${file} is not valid YAML: ${(error as Error).message.split("\n")[0]}`,
      "fix the YAML syntax (indentation, quotes) and run the command again",
    );
  }
}

/** The project's entry file, or undefined when there is none. */
function mainOf(dir: string, main: unknown): string | undefined {
  try {
    return resolveMain(dir, main);
  } catch {
    return undefined;
  }
}

function resolveMain(dir: string, main: unknown): string {
  const base = typeof main === "string" && main !== "" ? resolve(dir, main) : dir;
  const candidates =
    existsSync(base) && statSync(base).isFile()
      ? [base]
      : ["index.ts", "index.js"].map((file) => join(base, file));
  const found = candidates.find((file) => existsSync(file));
  if (!found) {
    throw new CliError(
      `no program found for the project in ${dir} (looked for ${candidates.join(", ")})`,
      "add an index.ts next to Pulumi.yaml, or set `main:` in Pulumi.yaml to the program's file",
    );
  }
  return found;
}

function namespaced(project: string, key: string): string {
  return key.includes(":") ? key : `${project}:${key}`;
}

function configText(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

function parsePairs(pairs: string[], flag: string): Array<[string, string]> {
  return pairs.map((pair) => {
    const equals = pair.indexOf("=");
    if (equals <= 0) {
      throw new CliError(
        `${flag} ${pair} is not key=value`,
        `write it as ${flag} key=value, e.g. ${flag} azure-native:location=westeurope`,
        2,
      );
    }
    return [pair.slice(0, equals), pair.slice(equals + 1)];
  });
}

function pickStack(dir: string, requested: string | undefined): string {
  if (requested) return requested;
  const stacks = readdirSync(dir)
    .map((file) => /^Pulumi\.(.+)\.ya?ml$/.exec(file)?.[1])
    .filter((stack): stack is string => stack !== undefined);
  return stacks.length === 1 && stacks[0] ? stacks[0] : "dev";
}

/** Reads Pulumi.yaml and the stack's config the way `pulumi preview` would, without the service. */
function projectFileIn(dir: string): string | undefined {
  return ["Pulumi.yaml", "Pulumi.yml"].map((file) => join(dir, file)).find(existsSync);
}

/**
 * The project folder for `dir`: its own Pulumi.yaml, or else, when `dir` holds a program
 * (index.ts) of its own, the nearest Pulumi.yaml above it, which then lends its name and config
 * to that program. This is how one project can hold several example programs.
 */
function locate(dir: string): { projectDir: string; projectFile: string; program?: string } {
  let stats: ReturnType<typeof statSync> | undefined;
  try {
    stats = statSync(dir);
  } catch {
    stats = undefined;
  }
  if (!stats) {
    throw new CliError(
      `${dir} does not exist`,
      "pass the folder of a Pulumi project (the one holding Pulumi.yaml): vmapps plan <project-dir>",
    );
  }
  if (!stats.isDirectory()) {
    throw new CliError(
      `${dir} is not a folder`,
      `pass the folder that holds the project, e.g. vmapps plan ${dirname(dir)}`,
    );
  }
  const own = projectFileIn(dir);
  if (own) return { projectDir: dir, projectFile: own };
  const program = ["index.ts", "index.js"].map((file) => join(dir, file)).find(existsSync);
  for (let parent = dirname(dir); program && parent !== dirname(parent); parent = dirname(parent)) {
    const above = projectFileIn(parent);
    if (above) return { projectDir: parent, projectFile: above, program };
  }
  throw new CliError(
    `no Pulumi.yaml in ${dir}${program ? " or above it" : ""}`,
    "run the command from a Pulumi project folder, or pass it: vmapps plan <project-dir>",
  );
}

export function loadProject(dirArg: string, options: ProjectOptions = {}): PulumiProject {
  const { projectDir: dir, projectFile, program } = locate(resolve(dirArg));
  const settings = readYaml(projectFile);
  const name = typeof settings.name === "string" ? settings.name : "project";
  const runtime = settings.runtime;
  const runtimeName =
    typeof runtime === "string" ? runtime : (runtime as { name?: unknown } | undefined)?.name;
  if (runtimeName !== undefined && runtimeName !== "nodejs") {
    throw new CliError(
      `${projectFile} uses runtime ${String(runtimeName)}; the offline plan runs nodejs programs`,
      "use `pulumi preview` with credentials for programs in other languages",
    );
  }
  const stack = pickStack(dir, options.stack);
  const config: Record<string, string> = {};
  const secretKeys: string[] = [];
  const encrypted = new Map<string, string>();

  // Project-level defaults first, then the stack file, then flags: the same precedence as Pulumi.
  const declared = (settings.config ?? {}) as Record<string, unknown>;
  for (const [key, spec] of Object.entries(declared)) {
    const value =
      spec !== null && typeof spec === "object" && !Array.isArray(spec)
        ? ((spec as Record<string, unknown>).value ?? (spec as Record<string, unknown>).default)
        : spec;
    if (value !== undefined) config[namespaced(name, key)] = configText(value);
  }
  for (const stackFile of [`Pulumi.${stack}.yaml`, `Pulumi.${stack}.yml`]) {
    if (!existsSync(join(dir, stackFile))) continue;
    const stackConfig = (readYaml(join(dir, stackFile)).config ?? {}) as Record<string, unknown>;
    for (const [rawKey, value] of Object.entries(stackConfig)) {
      const key = namespaced(name, rawKey);
      const secure = value !== null && typeof value === "object" && "secure" in (value as object);
      if (secure) {
        config[key] = ENCRYPTED_PLACEHOLDER;
        secretKeys.push(key);
        encrypted.set(key, stackFile);
      } else {
        config[key] = configText(value);
      }
    }
  }
  for (const [key, value] of parsePairs(options.config ?? [], "--config")) {
    config[namespaced(name, key)] = value;
    encrypted.delete(namespaced(name, key));
  }
  for (const [key, value] of parsePairs(options.secrets ?? [], "--secret")) {
    config[namespaced(name, key)] = value;
    secretKeys.push(namespaced(name, key));
    encrypted.delete(namespaced(name, key));
  }
  // The project's own `main` is not borrowing: `plan examples/basic` is `plan .` here.
  const ownMain = program === undefined ? undefined : mainOf(dir, settings.main);
  const borrows = program !== undefined && program !== ownMain;
  return {
    dir,
    name,
    ...(borrows && { programDir: resolve(dirArg) }),
    projectFile,
    main: program ?? resolveMain(dir, settings.main),
    stack,
    config,
    secretKeys,
    problems: [...encrypted].map(([key, stackFile]) => encryptedProblem(name, key, stackFile)),
  };
}

/**
 * An encrypted value stands in as ENCRYPTED_PLACEHOLDER, which every check skips like a value
 * not known yet; the user learns which value went unchecked and how to have it checked.
 */
function encryptedProblem(project: string, key: string, stackFile: string): Problem {
  const short = key.startsWith(`${project}:`) ? key.slice(project.length + 1) : key;
  return {
    field: `config ${key}`,
    message: `${key} is encrypted in ${stackFile}, which only the Pulumi service or the stack's passphrase can decrypt; the plan shows it as [secret], and it could not be checked offline.`,
    fix: `to check it, pass the value to the plan: --secret ${short}=<value> (in CI from a secret variable)`,
    severity: "warning",
  };
}
