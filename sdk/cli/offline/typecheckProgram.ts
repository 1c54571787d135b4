import { existsSync } from "node:fs";
import { join, sep } from "node:path";
import type * as TypeScript from "typescript";

/**
 * The type-check of a Pulumi program, as `pulumi preview` runs it through ts-node before the
 * program starts. This half runs in a worker thread (see typecheck.ts), so it takes and returns
 * plain data and imports nothing of the package.
 */
export interface CheckRequest {
  /** The `typescript` module to use: the project's own, else the one beside vmapps. */
  typescript: string;
  projectDir: string;
  /** The program's entry file; the check follows its imports, as ts-node does. */
  main: string;
}

export interface FoundDiagnostic {
  /** Absolute path; absent for a diagnostic of the compiler options or the global scope. */
  file?: string;
  /** 1-based, as editors and tsc print them. */
  line?: number;
  column?: number;
  code: number;
  /** The whole message chain on one line. */
  message: string;
  severity: "error" | "warning";
}

export interface CheckResult {
  /** The tsconfig.json honoured, when the project has one. */
  tsconfig?: string;
  diagnostics: FoundDiagnostic[];
}

/**
 * Without a tsconfig.json, Pulumi's own defaults (Node's module system, strict off: a stricter
 * check here than the user's `pulumi preview` would invent problems), except the target and
 * library: ES2022 is what Node 20, which vmapps requires, runs (`Object.hasOwn` is no error), and
 * a program for Node has no DOM, whose declarations would only cost time to read.
 */
const DEFAULT_OPTIONS = {
  target: "ES2022",
  lib: ["ES2022"],
  module: "NodeNext",
  moduleResolution: "NodeNext",
  strict: false,
  skipLibCheck: true,
};

/** ts-node ignores these by default: they concern file lists, which a run does not use. */
const IGNORED_CODES = new Set([6059, 18002, 18003]);

function settings(ts: typeof TypeScript, projectDir: string, tsconfig: string | undefined) {
  if (!tsconfig) {
    const converted = ts.convertCompilerOptionsFromJson(DEFAULT_OPTIONS, projectDir);
    return { options: converted.options, declarations: [], errors: converted.errors };
  }
  const read = ts.readConfigFile(tsconfig, ts.sys.readFile);
  if (read.error) return { options: {}, declarations: [], errors: [read.error] };
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, projectDir, {}, tsconfig);
  // ts-node reads only the files a run imports; ambient declarations the tsconfig lists are kept
  // too, so a program relying on them is not reported for it.
  const declarations = parsed.fileNames.filter(
    (file) => file.endsWith(".d.ts") && !file.includes(`${sep}node_modules${sep}`),
  );
  return { options: parsed.options, declarations, errors: parsed.errors };
}

function found(ts: typeof TypeScript, diagnostic: TypeScript.Diagnostic): FoundDiagnostic {
  const message = ts
    .flattenDiagnosticMessageText(diagnostic.messageText, "\n")
    .split("\n")
    .map((line) => line.trim())
    .join(" ");
  const severity = diagnostic.category === ts.DiagnosticCategory.Warning ? "warning" : "error";
  const { file, start } = diagnostic;
  if (!file || start === undefined) return { code: diagnostic.code, message, severity };
  const at = file.getLineAndCharacterOfPosition(start);
  return {
    file: file.fileName,
    line: at.line + 1,
    column: at.character + 1,
    code: diagnostic.code,
    message,
    severity,
  };
}

/** The project's own sources: what the user can fix. Libraries are theirs to check. */
function isOwn(program: TypeScript.Program, file: TypeScript.SourceFile): boolean {
  return (
    !program.isSourceFileDefaultLibrary(file) &&
    !program.isSourceFileFromExternalLibrary(file) &&
    !file.fileName.split(/[\\/]/).includes("node_modules")
  );
}

export function checkProgram(request: CheckRequest): CheckResult {
  const ts = require(request.typescript) as typeof TypeScript;
  const tsconfig = join(request.projectDir, "tsconfig.json");
  const honoured = existsSync(tsconfig) ? tsconfig : undefined;
  const { options, declarations, errors } = settings(ts, request.projectDir, honoured);
  // As in Pulumi, noCheck skips the check unless PULUMI_NODEJS_TRANSPILE_ONLY says otherwise
  // (its "true" never starts this check).
  if (!process.env.PULUMI_NODEJS_TRANSPILE_ONLY && options.noCheck === true) {
    return { tsconfig: honoured, diagnostics: [] };
  }
  const checked = { ...options, noEmit: true, incremental: false, composite: false };
  const host = ts.createCompilerHost(checked);
  // The run changes the process's folder while this check is under way; paths must not move.
  host.getCurrentDirectory = () => request.projectDir;
  const program = ts.createProgram({
    rootNames: [request.main, ...declarations],
    options: checked,
    host,
  });
  const diagnostics: TypeScript.Diagnostic[] = [
    ...errors,
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
  ];
  for (const file of program.getSourceFiles()) {
    if (!isOwn(program, file)) continue;
    diagnostics.push(
      ...program.getSyntacticDiagnostics(file),
      ...program.getSemanticDiagnostics(file),
    );
  }
  return {
    tsconfig: honoured,
    diagnostics: diagnostics
      .filter(
        (diagnostic) =>
          !IGNORED_CODES.has(diagnostic.code) &&
          (diagnostic.category === ts.DiagnosticCategory.Error ||
            diagnostic.category === ts.DiagnosticCategory.Warning),
      )
      .map((diagnostic) => found(ts, diagnostic))
      // By place, not by the order the compiler happened to read the files in.
      .sort(
        (a, b) =>
          (a.file ?? "").localeCompare(b.file ?? "") ||
          (a.line ?? 0) - (b.line ?? 0) ||
          (a.column ?? 0) - (b.column ?? 0),
      ),
  };
}
