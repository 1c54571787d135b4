import { APPLICATION_NAME_PATTERN, fileNameProblems } from "../../shared/fields";
import { MANAGE_ACTION_MAX_CHARS } from "../../shared/limits";
import { error, type Problem, VmAppsValidationError } from "../../shared/problems";
import { markOrigin, type RecipeOrigin } from "./origin";

/** install / remove / update commands, as `publishingProfile.manageActions` takes them. */
export interface ManageActions {
  install: string;
  remove: string;
  update?: string;
}

/**
 * Thrown when recipe options would produce a broken or dangerous command. Each problem's
 * `field` is the recipe option to change.
 */
export class RecipeError extends VmAppsValidationError {
  constructor(problems: readonly Problem[], recipe: string) {
    super(problems, `Recipe ${recipe}`);
    this.name = "RecipeError";
  }
}

/**
 * Collects problems while a recipe builds its words, then throws them all at once. Records what
 * the commands are built for (the OS from the recipe name, "linux.…" or "windows.…", and the
 * file name), so a version can compare it with its application.
 */
export class RecipeBuilder {
  readonly problems: Problem[] = [];
  private readonly origin: RecipeOrigin;

  constructor(private readonly recipe: string) {
    this.origin = { recipe, os: recipe.startsWith("windows.") ? "Windows" : "Linux", appName: "" };
  }

  reject(option: string, message: string, fix: string): string {
    this.problems.push(error(option, message, fix));
    return "";
  }

  /** The application name, which is also the downloaded file's name when no packageFileName. */
  appName(value: string): string {
    this.origin.appName = value;
    if (typeof value === "string" && APPLICATION_NAME_PATTERN.test(value)) return value;
    return this.reject(
      "appName",
      `"${String(value)}" is not a gallery application name.`,
      "Use the application's name: letters, digits, periods, underscores and hyphens, 1 to 80, starting and ending with a letter or digit.",
    );
  }

  /**
   * A file name that must end with `extension` for the tool that opens it, as a word for the
   * shell that reads it: bash, cmd.exe, or a PowerShell command inside cmd's double quotes.
   */
  packageFileName(value: string, shell: "bash" | "cmd" | "powershell", extension?: string): string {
    this.origin.packageFileName = value;
    const problems = fileNameProblems(value, "packageFileName", "packageFileName");
    this.problems.push(...problems);
    if (problems.length > 0) return "";
    if (extension && !value.toLowerCase().endsWith(extension)) {
      return this.reject(
        "packageFileName",
        `"${value}" does not end with ${extension}, which the install command needs.`,
        `Name it like "${value.replace(/\.[^.]*$/, "")}${extension}", or leave it out to let the recipe rename the file.`,
      );
    }
    if (shell === "bash") return this.bashWord("packageFileName", value);
    // The file keeps its name literally, but cmd.exe would expand a %NAME% in it and miss it.
    if (value.includes("%")) {
      return this.reject(
        "packageFileName",
        `"${value}" contains %, which cmd.exe would expand, so the command would name another file.`,
        "Remove the % signs from the file name.",
      );
    }
    if (shell === "cmd") return this.cmdWord("packageFileName", value);
    return this.powershellPath("packageFileName", value);
  }

  /**
   * A word for /bin/bash. Plain words pass as they are, words with spaces are single-quoted;
   * anything bash would interpret (quotes, $, `, ;, &, |, <, >, globs, newlines) is rejected
   * rather than escaped, so the command reads exactly as it runs.
   */
  bashWord(option: string, value: string): string {
    const safe = this.bashSafe(option, value);
    return safe.includes(" ") ? `'${safe}'` : safe;
  }

  private bashSafe(option: string, value: string): string {
    if (typeof value !== "string" || value.trim() === "") {
      return this.reject(option, `${option} is empty.`, `Give ${option} a value.`);
    }
    const bad = [...new Set(value.match(/[^A-Za-z0-9_@%+=:,./ -]/g) ?? [])];
    if (bad.length > 0) {
      return this.reject(
        option,
        `${option} contains ${describe(bad)}, which /bin/bash would interpret.`,
        "Use letters, digits, spaces and _ @ % + = : , . / - only.",
      );
    }
    if (value.startsWith("-")) {
      return this.reject(
        option,
        `${option} starts with "-", which a command reads as an option.`,
        `Remove the leading "-".`,
      );
    }
    return value;
  }

  /**
   * A word for cmd.exe. `%NAME%` variable references are kept (cmd expands them, e.g.
   * %ProgramFiles%); any other %, and " & | < > ^ or control characters, would change the
   * command and are rejected. Anything but letters, digits and . _ \ : - is double-quoted: cmd
   * splits words at spaces, commas, semicolons and = (also inside what a variable expands to)
   * and reads / as a switch.
   */
  cmdWord(
    option: string,
    value: string,
    { quote = "auto" }: { quote?: "auto" | "always" } = {},
  ): string {
    const safe = this.cmdSafe(option, value);
    if (safe === "") return "";
    return quote === "always" || /[^A-Za-z0-9._\\:-]/.test(safe) ? `"${safe}"` : safe;
  }

  /** Arguments for cmd.exe: same rules as a word, but spaces separate arguments, no quoting. */
  cmdArgs(option: string, value: string): string {
    if (value === "") return "";
    return this.cmdSafe(option, value);
  }

  /**
   * A path inside `powershell.exe -Command "..."`, read twice: first by cmd.exe, which expands
   * %NAME% and stops at a ", then by PowerShell. It is always single-quoted, where PowerShell
   * expands nothing. What would end either quoting, or could still be read as code or a
   * wildcard if the quoting were ever lost, is rejected rather than escaped: ' (and its
   * typographic forms), $ ` ; ( ) { } [ ] * ? and !, besides cmd's own specials. Parentheses
   * inside a %NAME% reference, such as %ProgramFiles(x86)%, are part of the name and allowed.
   */
  powershellPath(option: string, value: string): string {
    const safe = this.cmdSafe(option, value);
    if (safe === "") return "";
    const literal = safe.replace(CMD_VARIABLE, "");
    const bad = [...new Set([...literal].filter((c) => POWERSHELL_SPECIAL.includes(c)))];
    if (bad.length > 0) {
      return this.reject(
        option,
        `${option} contains ${describe(bad)}, which PowerShell could read as code, a wildcard or the end of a string.`,
        bad.includes("(") || bad.includes(")")
          ? "Remove it. For C:\\Program Files (x86) write %ProgramFiles(x86)%."
          : "Remove it.",
      );
    }
    return `'${safe}'`;
  }

  private cmdSafe(option: string, value: string): string {
    if (typeof value !== "string" || value.trim() === "") {
      return this.reject(option, `${option} is empty.`, `Give ${option} a value.`);
    }
    const withoutVariables = value.replace(CMD_VARIABLE, "");
    const bad = [
      ...new Set([...withoutVariables].filter((c) => CMD_SPECIAL.includes(c) || c < " ")),
    ];
    if (bad.length > 0) {
      return this.reject(
        option,
        `${option} contains ${describe(bad)}, which cmd.exe would interpret.`,
        "Remove it; %NAME% variable references are allowed, other % signs are not.",
      );
    }
    return value;
  }

  /** Throws every problem at once, and checks each command against the 4096-character limit. */
  finish(actions: ManageActions): ManageActions {
    for (const [name, command] of Object.entries(actions)) {
      if (typeof command === "string" && command.length > MANAGE_ACTION_MAX_CHARS) {
        this.reject(
          name,
          `The ${name} command is ${command.length} characters; Azure allows ${MANAGE_ACTION_MAX_CHARS}.`,
          "Shorten the paths and arguments.",
        );
      }
    }
    if (this.problems.length > 0) throw new RecipeError(this.problems, this.recipe);
    return markOrigin(actions, this.origin);
  }
}

const CMD_SPECIAL = '"&|<>^%';
const CMD_VARIABLE = /%[A-Za-z_][A-Za-z0-9_()]*%/g;
const POWERSHELL_SPECIAL = "'\u2018\u2019\u201a\u201b\u201c\u201d\u201e$`;(){}[]*?!";

function describe(characters: string[]): string {
  return characters.map((c) => (c < " " ? "a control character" : JSON.stringify(c))).join(", ");
}
