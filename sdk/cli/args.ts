import { type ParseArgsConfig, parseArgs } from "node:util";
import { usageError } from "./errors";

export type Options = NonNullable<ParseArgsConfig["options"]>;

/** node:util parseArgs, with its errors turned into one line plus where to look. */
export function parseCommand(
  command: string,
  args: string[],
  options: Options,
  allowPositionals: number,
): { values: Record<string, unknown>; positionals: string[] } {
  try {
    const parsed = parseArgs({
      args,
      options: { ...options, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
    });
    if (parsed.positionals.length > allowPositionals) {
      throw usageError(
        `unexpected argument ${parsed.positionals[allowPositionals]}`,
        `see vmapps ${command} --help`,
      );
    }
    return { values: parsed.values as Record<string, unknown>, positionals: parsed.positionals };
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      throw usageError(
        (error as Error).message.split("\n")[0] ?? "invalid arguments",
        `see vmapps ${command} --help`,
      );
    }
    throw error;
  }
}

/** A whole number ≥ 0 from a flag, or a usage error that shows the expected form. */
export function countFlag(flag: string, value: unknown, example: string): number | undefined {
  if (value === undefined) return undefined;
  const text = String(value).trim();
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw usageError(
      `--${flag} ${text} is not a whole number`,
      `give a count, e.g. --${flag} ${example}`,
    );
  }
  return Number(text);
}

/** `--scale-sets 600,900` (also repeatable) → [600, 900]. */
export function countListFlag(
  flag: string,
  values: unknown,
  example: string,
): number[] | undefined {
  if (values === undefined) return undefined;
  const items = (Array.isArray(values) ? values : [values])
    .flatMap((value) => String(value).split(","))
    .map((item) => item.trim())
    .filter((item) => item !== "");
  return items.map((item) => {
    if (!/^\d+$/.test(item)) {
      throw usageError(
        `--${flag} ${item} is not a whole number`,
        `list instance counts separated by commas, e.g. --${flag} ${example}`,
      );
    }
    return Number(item);
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
      `--${flag} ${String(value)} is not one of ${choices.join(", ")}`,
      `use ${choices.map((choice) => `--${flag} ${choice}`).join(" or ")}`,
    );
  }
  return value as T;
}
