import { relative } from "node:path";
import type { Problem } from "../../core";

/**
 * What goes wrong in a program run, as plan problems: its thrown errors (a component's own list,
 * a TypeScript compile error, missing config), the warnings it logs, and the problems components
 * hand over as data.
 */

function firstLine(text: string): string {
  return text.split("\n").find((line) => line.trim() !== "") ?? text;
}

interface Diagnostic {
  code: number;
  start?: number;
  messageText: string | { messageText: string };
  file?: {
    fileName: string;
    getLineAndCharacterOfPosition(position: number): { line: number; character: number };
  };
}

/** ts-node's compile error: one problem per diagnostic, named `file:line:column`. */
function typeScriptProblems(error: unknown, userCwd: string | undefined): Problem[] | undefined {
  const diagnostics = (error as { diagnostics?: unknown } | null)?.diagnostics;
  if ((error as { name?: unknown } | null)?.name !== "TSError" || !Array.isArray(diagnostics)) {
    return undefined;
  }
  const problems = (diagnostics as Diagnostic[]).map((diagnostic): Problem => {
    const text =
      typeof diagnostic.messageText === "string"
        ? diagnostic.messageText
        : diagnostic.messageText.messageText;
    const { file, start } = diagnostic;
    const at = file && start !== undefined ? file.getLineAndCharacterOfPosition(start) : undefined;
    const name = file ? (userCwd ? relative(userCwd, file.fileName) : file.fileName) : "program";
    return {
      field: at ? `${name}:${at.line + 1}:${at.character + 1}` : name,
      message: `${text} (TS${diagnostic.code})`,
      fix: "fix the TypeScript at that line, then plan again",
      severity: "error",
    };
  });
  return problems.length > 0 ? problems : undefined;
}

/** Pulumi's ConfigMissingError, answered with the flag that sets the value for the plan. */
function missingConfigProblem(error: unknown, project: string | undefined): Problem | undefined {
  const { key, secret } = (error ?? {}) as { key?: unknown; secret?: unknown };
  if (
    typeof key !== "string" ||
    !/^Missing required configuration/.test(String((error as Error).message))
  ) {
    return undefined;
  }
  const short = project && key.startsWith(`${project}:`) ? key.slice(project.length + 1) : key;
  const flag = secret === true ? "--secret" : "--config";
  return {
    field: `config ${key}`,
    message: `the program requires ${secret === true ? "the secret " : ""}config value ${key}, and none is set.`,
    fix: `pass it to the plan: ${flag} ${short}=<value>${secret === true ? "" : " (or --secret for a secret)"}, or set it in Pulumi.<stack>.yaml`,
    severity: "error",
  };
}

/** A thrown error as plan problems: a component's own list when it has one, else one entry. */
export function problemsFromError(
  error: unknown,
  where: string,
  context: { project?: string; userCwd?: string } = {},
): Problem[] {
  const problems = (error as { problems?: unknown } | null)?.problems;
  if (Array.isArray(problems) && problems.length > 0) return problems as Problem[];
  const compile = typeScriptProblems(error, context.userCwd);
  if (compile) return compile;
  const missing = missingConfigProblem(error, context.project);
  if (missing) return [missing];
  const message = error instanceof Error ? error.message : String(error);
  return [
    {
      field: where,
      message: firstLine(message),
      fix: "fix the program error; `pulumi preview` shows the full stack trace",
      severity: "error",
    },
  ];
}

/**
 * A warning the program logged itself (pulumi.log.warn), as a problem: its message as it is,
 * against the resource it names. The components report theirs as data, through the sink.
 */
export function warningProblem(message: string, resourceName?: string): Problem {
  return {
    field: "program",
    message: message.trim(),
    fix: "address the warning in the program (vmapps plan --strict fails on warnings)",
    severity: "warning",
    ...(resourceName !== undefined && { resource: resourceName }),
  };
}

/**
 * A problem a component reported. The program may run its own copy of this package, so the
 * object is checked field by field rather than trusted.
 */
export function reportedProblem(value: unknown): Problem | undefined {
  const { field, message, fix, severity, resource } = (value ?? {}) as Record<string, unknown>;
  if (typeof field !== "string" || typeof message !== "string" || typeof fix !== "string") {
    return undefined;
  }
  if (severity !== "error" && severity !== "warning") return undefined;
  return { field, message, fix, severity, ...(typeof resource === "string" && { resource }) };
}

/** A problem reported twice (as data, then again as the error thrown) counts once. */
export function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.resource}\u0000${problem.field}\u0000${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
