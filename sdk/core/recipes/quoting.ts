import { MANAGE_ACTION_MAX_CHARS } from "../limits";
import { APPLICATION_NAME_PATTERN, fileNameProblems } from "../validation/fields";
import { error, type Problem, VmAppsValidationError } from "../validation/problems";

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

/** Collects problems while a recipe builds its words, then throws them all at once. */
export class RecipeBuilder {
  readonly problems: Problem[] = [];

  constructor(private readonly recipe: string) {}

  reject(option: string, message: string, fix: string): string {
    this.problems.push(error(option, message, fix));
    return "";
  }

  /** The application name, which is also the downloaded file's name when no packageFileName. */
  appName(value: string): string {
    if (typeof value === "string" && APPLICATION_NAME_PATTERN.test(value)) return value;
    return this.reject(
      "appName",
      `"${String(value)}" is not a gallery application name.`,
      "Use the application's name: letters, digits, periods, underscores and hyphens, 1 to 80, starting and ending with a letter or digit.",
    );
  }

  /** A file name that must end with `extension` for the tool that opens it. */
  packageFileName(value: string, shell: "bash" | "cmd", extension?: string): string {
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
    return shell === "bash"
      ? this.bashWord("packageFileName", value)
      : this.cmdWord("packageFileName", value);
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
   * A word for cmd.exe, double-quoted when it holds spaces. `%NAME%` variable references are
   * kept (cmd expands them, e.g. %ProgramFiles%); any other %, and " & | < > ^ or newlines,
   * would change the command and are rejected.
   */
  cmdWord(
    option: string,
    value: string,
    { quote = "auto" }: { quote?: "auto" | "always" } = {},
  ): string {
    const safe = this.cmdSafe(option, value);
    if (safe === "") return "";
    return quote === "always" || safe.includes(" ") ? `"${safe}"` : safe;
  }

  /** Arguments for cmd.exe: same rules as a word, but spaces separate arguments, no quoting. */
  cmdArgs(option: string, value: string): string {
    if (value === "") return "";
    return this.cmdSafe(option, value);
  }

  /** A path placed inside a PowerShell single-quoted string inside cmd's double quotes. */
  powershellPath(option: string, value: string): string {
    const safe = this.cmdSafe(option, value);
    if (safe.includes("'")) {
      return this.reject(
        option,
        `${option} contains ', which ends a PowerShell string.`,
        "Remove the quote.",
      );
    }
    return safe.includes(" ") ? `'${safe}'` : safe;
  }

  private cmdSafe(option: string, value: string): string {
    if (typeof value !== "string" || value.trim() === "") {
      return this.reject(option, `${option} is empty.`, `Give ${option} a value.`);
    }
    const withoutVariables = value.replace(/%[A-Za-z_][A-Za-z0-9_()]*%/g, "");
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
    return actions;
  }
}

const CMD_SPECIAL = '"&|<>^%';

function describe(characters: string[]): string {
  return characters.map((c) => (c < " " ? "a control character" : JSON.stringify(c))).join(", ");
}
