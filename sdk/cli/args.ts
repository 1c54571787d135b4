import { type ParseArgsConfig, parseArgs } from "node:util";
import { closestName } from "../core/shared/closest";
import { usageError } from "./errors";

export type Options = NonNullable<ParseArgsConfig["options"]>;

const NEGATIVE_NUMBER = /^-\d/;

/**
 * `--vms -5` as `--vms=-5`: parseArgs takes a value starting with "-" for a flag and calls the
 * option ambiguous; a negative number is a value, and the check after parsing says what is wrong
 * with it.
 */
function joinNegativeValues(args: string[], options: Options): string[] {
  const joined: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] as string;
    if (arg === "--") {
      joined.push(...args.slice(index));
      break;
    }
    const next = args[index + 1];
    const name = arg.startsWith("--") ? arg.slice(2) : undefined;
    if (name && options[name]?.type === "string" && next && NEGATIVE_NUMBER.test(next)) {
      joined.push(`${arg}=${next}`);
      index++;
    } else {
      joined.push(arg);
    }
  }
  return joined;
}

/** A single-valued flag given twice would silently keep the last value: refuse it instead. */
function refuseRepeats(
  command: string,
  tokens: Array<{ kind: string; name?: string; rawName?: string }>,
  options: Options,
): void {
  const seen = new Set<string>();
  for (const token of tokens) {
    if (token.kind !== "option" || token.name === undefined) continue;
    const option = options[token.name];
    if (option?.type !== "string" || option.multiple) continue;
    if (seen.has(token.name)) {
      throw usageError(
        `--${token.name} is given more than once`,
        `give --${token.name} once (see vmapps ${command} --help)`,
      );
    }
    seen.add(token.name);
  }
}

/**
 * The first option given that is not declared, as typed (`--bogus`, `-q`): read from the tokens
 * of a lenient parse, since the strict parse names it only inside its message.
 */
function unknownOption(args: string[], options: Options): string | undefined {
  const { tokens } = parseArgs({
    args,
    options,
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  for (const token of tokens) {
    if (token.kind === "option" && !Object.hasOwn(options, token.name)) return token.rawName;
  }
  return undefined;
}

/** node:util parseArgs, with its errors turned into one line plus where to look. */
export function parseCommand(
  command: string,
  args: string[],
  options: Options,
  allowPositionals: number,
): { values: Record<string, unknown>; positionals: string[] } {
  const allOptions: Options = { ...options, help: { type: "boolean", short: "h" } };
  const joined = joinNegativeValues(args, allOptions);
  try {
    const parsed = parseArgs({
      args: joined,
      options: allOptions,
      allowPositionals: true,
      strict: true,
      tokens: true,
    });
    refuseRepeats(command, parsed.tokens, allOptions);
    if (parsed.positionals.length > allowPositionals) {
      throw usageError(
        `unexpected argument ${parsed.positionals[allowPositionals]}`,
        `see vmapps ${command} --help`,
      );
    }
    return { values: parsed.values as Record<string, unknown>, positionals: parsed.positionals };
  } catch (error) {
    const code = (error as { code?: string }).code;
    const unknown =
      code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" ? unknownOption(joined, allOptions) : undefined;
    if (unknown !== undefined) {
      // Node's own message ends in a half-quoted hint about positionals: not what was meant.
      const meant = unknown.startsWith("--")
        ? closestName(unknown.slice(2), Object.keys(allOptions))
        : undefined;
      throw usageError(
        `unknown option ${unknown}${meant ? ` (did you mean --${meant}?)` : ""}`,
        `see vmapps ${command} --help`,
      );
    }
    if (code?.startsWith("ERR_PARSE_ARGS")) {
      throw usageError(
        (error as Error).message.split("\n")[0] ?? "invalid arguments",
        `see vmapps ${command} --help`,
      );
    }
    throw error;
  }
}

/** Names the flags that may not be combined, when more than one of them was given. */
export function refuseCombination(
  values: Record<string, unknown>,
  flag: string,
  others: readonly string[],
  fix: string,
): void {
  if (values[flag] === undefined) return;
  const given = others.filter((other) => values[other] !== undefined);
  if (given.length === 0) return;
  throw usageError(
    `--${flag} cannot be combined with ${given.map((other) => `--${other}`).join(", ")}`,
    fix,
  );
}

function wholeNumberProblem(flag: string, text: string): string | undefined {
  if (/^-\d+(\.\d+)?$/.test(text)) return `--${flag} ${text} is negative`;
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
    return `--${flag} ${text === "" ? "''" : text} is not a whole number`;
  }
  return undefined;
}

/** A whole number ≥ 0 from a flag, or a usage error that shows the expected form. */
export function countFlag(flag: string, value: unknown, example: string): number | undefined {
  if (value === undefined) return undefined;
  const text = String(value).trim();
  const problem = wholeNumberProblem(flag, text);
  if (problem) throw usageError(problem, `give a count of 0 or more, e.g. --${flag} ${example}`);
  return Number(text);
}

/**
 * `--scale-sets 600,900` (also repeatable) → [600, 900]; an empty entry is a typo, refused, and
 * so is 0: a scale-set deployment has instances (the same rule as replicaDemandProblems).
 */
export function countListFlag(
  flag: string,
  values: unknown,
  example: string,
): number[] | undefined {
  if (values === undefined) return undefined;
  const fix = `list instance counts (1 or more) separated by commas, e.g. --${flag} ${example}`;
  return (Array.isArray(values) ? values : [values]).flatMap((value) => {
    const text = String(value);
    const items = text.split(",").map((item) => item.trim());
    if (items.some((item) => item === "")) {
      throw usageError(`--${flag} '${text}' has an empty entry`, fix);
    }
    return items.map((item) => {
      const problem =
        wholeNumberProblem(flag, item) ??
        (Number(item) === 0 ? `--${flag} '${text}' has a deployment of 0 instances` : undefined);
      if (problem) throw usageError(problem, fix);
      return Number(item);
    });
  });
}

export function choiceFlag<T extends string>(
  flag: string,
  value: unknown,
  choices: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  if (!choices.includes(value as T)) {
    throw usageError(
      `--${flag} ${String(value) === "" ? "''" : String(value)} is not one of ${choices.join(", ")}`,
      `use ${choices.map((choice) => `--${flag} ${choice}`).join(" or ")}`,
    );
  }
  return value as T;
}
