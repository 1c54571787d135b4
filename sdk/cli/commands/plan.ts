import { relative } from "node:path";
import { countFlag, type Options, parseCommand } from "../args";
import { runOffline } from "../offline/engine";
import { loadProject } from "../offline/project";
import { withTypeCheck } from "../offline/typecheck";
import type { Io } from "../render/output";
import { planJson, planLines } from "../render/plan";
import { buildPlanReport } from "../report/build";
import type { PlanReport } from "../report/model";
import { type Command, EXIT_CODES } from "./command";

const options: Options = {
  config: { type: "string", short: "c", multiple: true },
  secret: { type: "string", multiple: true },
  stack: { type: "string", short: "s" },
  "package-bytes": { type: "string", multiple: true },
  json: { type: "boolean" },
  strict: { type: "boolean" },
};

const help = `Usage: vmapps plan [dir] [--config key=value]… [--secret key=value]… [--stack NAME]
                   [--package-bytes [VERSION=]N]… [--json] [--strict]

Runs the Pulumi TypeScript program of the project in dir (default: the current folder; its
Pulumi.yaml \`main\`, else index.ts) offline: no Pulumi CLI, no credentials, no network. Azure
Resource Manager and the random provider are answered with plausible placeholder ids and
outputs. Prints the resource tree, every application version's target regions with replicas,
the deciding rule and any limit hit, its blob type, a cost estimate, and every validation
problem. Secrets print as ${"[secret]"}. Like \`pulumi preview\`, it type-checks a TypeScript program
(with the project's tsconfig.json, if any): type errors are problems, as file:line:column.
PULUMI_NODEJS_TRANSPILE_ONLY=true, or "noCheck": true in tsconfig.json, skips the check.

Options:
  -c, --config key=value
                       a config value (key without "project:" gets the project's namespace);
                       repeatable; read after Pulumi.<stack>.yaml and Pulumi.yaml defaults
  --secret key=value   like --config, but the value is treated as a secret
  -s, --stack NAME     stack whose Pulumi.<stack>.yaml to read (default: the only one, else dev)
  --package-bytes N    package size for the cost estimate when the program passes a mediaLink;
                       VERSION=N for one version (its number, e.g. 1.0.0, or resource name);
                       repeatable
  --json               print the plan as one JSON document (for CI tools)
  --strict             warnings fail the plan too
  -h, --help           show this help

Examples:
  vmapps plan infra
  vmapps plan . --config azure-native:location=northeurope --json > plan.json

${EXIT_CODES} (1: any error-severity problem, or any problem with --strict)`;

export interface PlanOptions {
  dir: string;
  config?: string[];
  secrets?: string[];
  stack?: string;
  /** Package size of every version whose program passes a mediaLink, for the cost estimate. */
  packageBytes?: number;
  /** The same for one version, keyed by version number (1.0.0) or resource name. */
  packageBytesByVersion?: Record<string, number>;
}

/** Loads, runs offline, and reports a project: what `vmapps plan` shows, as data. */
export async function planProject(options: PlanOptions): Promise<PlanReport> {
  const project = loadProject(options.dir, options);
  const run = await withTypeCheck(project, process.cwd(), () => runOffline(project));
  return buildPlanReport(
    { ...run, problems: [...project.problems, ...run.problems] },
    {
      packageBytes: options.packageBytes,
      packageBytesByVersion: options.packageBytesByVersion,
      projectFile: project.projectFile,
      ...(project.programDir !== undefined && {
        program: relative(process.cwd(), project.programDir) || ".",
      }),
    },
  );
}

/** `--package-bytes N` (every version) and `--package-bytes 1.0.0=N` (one), repeatable. */
export function packageBytesFlags(
  values: unknown,
): Pick<PlanOptions, "packageBytes" | "packageBytesByVersion"> {
  const result: Pick<PlanOptions, "packageBytes" | "packageBytesByVersion"> = {};
  for (const value of (values as string[] | undefined) ?? []) {
    const separator = value.lastIndexOf("=");
    const count = countFlag("package-bytes", value.slice(separator + 1), "10485760");
    if (separator < 0) result.packageBytes = count;
    else {
      result.packageBytesByVersion = {
        ...result.packageBytesByVersion,
        [value.slice(0, separator)]: count as number,
      };
    }
  }
  return result;
}

export function planExitCode(report: PlanReport, strict = false): number {
  return report.problems.some((problem) => problem.severity === "error" || strict) ? 1 : 0;
}

export const planCommand: Command = {
  name: "plan",
  summary: "preview a Pulumi program offline",
  help,
  options,
  async run(args, io: Io) {
    const { values, positionals } = parseCommand("plan", args, options, 1);
    if (values.help) {
      io.out(help);
      return 0;
    }
    const report = await planProject({
      dir: positionals[0] ?? io.cwd,
      config: values.config as string[] | undefined,
      secrets: values.secret as string[] | undefined,
      stack: values.stack as string | undefined,
      ...packageBytesFlags(values["package-bytes"]),
    });
    const strict = values.strict === true;
    if (values.json) io.out(planJson(report));
    else for (const line of planLines(io, report, { strict })) io.out(line);
    return planExitCode(report, strict);
  },
};
