import { CUSTOM_ACTION_PARAMETER_TYPES, enumProblems } from "./enums";
import { FILE_NAME_COMPONENT_MAX_CHARS, FILE_NAME_MAX_CHARS, NAME_MAX_CHARS } from "./limits";
import { error, type Problem, warning } from "./problems";

/**
 * A value is "missing" only when its key is absent (or null, as JSON writes it). A key present
 * with `undefined` (or the encrypted-config placeholder) is a value not known yet (an unresolved
 * Pulumi Output), which is skipped: it will be checked again once known.
 */
export function isMissing(owner: object, key: string): boolean {
  const value = (owner as Record<string, unknown>)[key];
  return !(key in owner) || value === null;
}

export function isKnown<T>(value: T | undefined | null): value is T {
  return value !== undefined && value !== null && !isEncryptedPlaceholder(value);
}

/**
 * Stands in, in an offline plan, for a config value encrypted in the stack file (`secure:`),
 * which only the Pulumi service or the stack's passphrase can decrypt. A value holding it is not
 * known, like an unresolved Output: checks skip it rather than fail on the stand-in.
 */
export const ENCRYPTED_PLACEHOLDER = "offline-placeholder-for-encrypted-config";

/** True for a string made from the placeholder (a program may embed it in a longer value). */
export function isEncryptedPlaceholder(value: unknown): boolean {
  return typeof value === "string" && value.includes(ENCRYPTED_PLACEHOLDER);
}

/** How a value of the wrong type reads in a message: `the string "5"`, `null`, `an array`. */
export function describeValue(value: unknown): string {
  if (typeof value === "string") return `the string ${JSON.stringify(value)}`;
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  return `${typeof value} ${String(value)}`;
}

export function missing(field: string, what: string, fix: string): Problem {
  return error(field, `${what} is missing.`, fix);
}

/** Whole number in min..max; skipped when unknown. */
export function integerProblems(
  value: unknown,
  min: number,
  max: number,
  field: string,
  what: string,
): Problem[] {
  if (!isKnown(value)) return [];
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= min && value <= max) {
    return [];
  }
  return [
    error(
      field,
      `${what} is ${JSON.stringify(value)}; it must be a whole number from ${min} to ${max}.`,
      `Set ${what} to a value from ${min} to ${max}.`,
    ),
  ];
}

/**
 * An end-of-life date must parse as an ISO 8601 date; a past one is only a warning, since Azure
 * treats the date as informational and still deploys the resource.
 */
export function endOfLifeProblems(value: unknown, field: string, now: Date): Problem[] {
  if (!isKnown(value)) return [];
  const fix = "Use an ISO 8601 date such as 2030-12-31 or 2030-12-31T00:00:00Z.";
  if (value instanceof Date && Number.isNaN(value.getTime())) {
    return [error(field, "The Date given is invalid (Invalid Date).", fix)];
  }
  const text = value instanceof Date ? value.toISOString() : value;
  if (
    typeof text !== "string" ||
    !/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(text) ||
    Number.isNaN(Date.parse(text)) ||
    !sameCalendarDay(text)
  ) {
    return [error(field, `${JSON.stringify(value)} is not a valid date.`, fix)];
  }
  if (Date.parse(text) < now.getTime()) {
    return [
      warning(
        field,
        `The end-of-life date ${text} has passed. It is informational: the resource still deploys.`,
        "Move the date into the future, or leave it if the version is meant to be retired.",
      ),
    ];
  }
  return [];
}

// Date.parse rolls 2024-02-30 over to March; a date whose day changes was not a real date.
function sameCalendarDay(text: string): boolean {
  const [year, month, day] = text.slice(0, 10).split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

function hasControlCharacter(value: string): boolean {
  return [...value].some((character) => (character.codePointAt(0) ?? 0) < 0x20);
}

const RESERVED_DEVICE_NAMES = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$/i;

/** A name the VM can give the downloaded file: one file name, valid on Windows and Linux. */
export function fileNameProblems(value: unknown, field: string, what: string): Problem[] {
  if (!isKnown(value)) return [];
  const fix = `Give ${what} as a plain file name such as "myapp.exe": no folders, no <>:"/\\|?*.`;
  if (typeof value !== "string" || value.trim() === "") {
    return [error(field, `${what} is empty.`, `${fix} Or leave it out.`)];
  }
  const problems: Problem[] = [];
  if (value.length > FILE_NAME_MAX_CHARS) {
    problems.push(
      error(
        field,
        `${what} is ${value.length} characters; the limit is ${FILE_NAME_MAX_CHARS}.`,
        fix,
      ),
    );
  } else if (value.length > FILE_NAME_COMPONENT_MAX_CHARS) {
    problems.push(
      error(
        field,
        `${what} is ${value.length} characters; a file name on the VM can have at most ${FILE_NAME_COMPONENT_MAX_CHARS}.`,
        fix,
      ),
    );
  }
  if (/[/\\]/.test(value)) {
    problems.push(error(field, `${what} "${value}" is a path, not a file name.`, fix));
  } else if (/[<>:"|?*]/.test(value) || hasControlCharacter(value)) {
    problems.push(error(field, `${what} "${value}" has characters a file name cannot hold.`, fix));
  } else if (value === "." || value === ".." || /[. ]$/.test(value)) {
    problems.push(
      error(field, `${what} "${value}" ends with a dot or space, which Windows drops.`, fix),
    );
  } else if (RESERVED_DEVICE_NAMES.test(value)) {
    problems.push(error(field, `${what} "${value}" is a reserved device name on Windows.`, fix));
  }
  return problems;
}

/** Application names: 1..80 letters, digits, `.`, `_`, `-`, starting and ending alphanumeric. */
export const APPLICATION_NAME_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,78}[A-Za-z0-9])?$/;
/** Gallery names: 1..80 letters, digits, `.`, `_` (no hyphen), starting and ending alphanumeric. */
export const GALLERY_NAME_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9._]{0,78}[A-Za-z0-9])?$/;

export function resourceNameProblems(
  value: unknown,
  pattern: RegExp,
  allowed: string,
  field: string,
  what: string,
): Problem[] {
  if (!isKnown(value)) return [];
  if (typeof value === "string" && pattern.test(value)) return [];
  const text = typeof value === "string" ? value : String(value);
  const reason =
    text.length === 0
      ? "is empty"
      : text.length > NAME_MAX_CHARS
        ? `is ${text.length} characters, more than ${NAME_MAX_CHARS}`
        : `must be ${allowed}, starting and ending with a letter or digit`;
  return [
    error(
      field,
      `${what} "${text}" ${reason}.`,
      `Use 1 to ${NAME_MAX_CHARS} characters: ${allowed}, starting and ending with a letter or digit.`,
    ),
  ];
}

/** Any https URL (EULA, privacy statement, release notes). */
export function uriProblems(value: unknown, field: string, what: string): Problem[] {
  if (!isKnown(value) || value === "") return [];
  if (typeof value === "string" && URL.canParse(value)) return [];
  return [
    error(
      field,
      `${what} is not an absolute URI.`,
      "Give a full address such as https://example.com/eula.",
    ),
  ];
}

export interface CustomActionShape {
  name?: string;
  script?: string;
  description?: string;
  parameters?: Array<CustomActionParameterShape | undefined>;
}

export interface CustomActionParameterShape {
  name?: string;
  required?: boolean;
  type?: string;
  defaultValue?: string;
  description?: string;
}

/** Custom actions (REST `GalleryApplicationCustomAction`): named uniquely, with a script. */
export function customActionsProblems(actions: unknown, field: string): Problem[] {
  if (!Array.isArray(actions)) return [];
  const problems: Problem[] = [];
  uniqueNames(actions, field, "custom action", problems);
  actions.forEach((action: CustomActionShape | undefined, index) => {
    if (!isKnown(action)) return;
    const at = `${field}[${index}]`;
    if (isMissing(action, "name") || action.name === "") {
      problems.push(missing(`${at}.name`, "The custom action name", "Name the custom action."));
    }
    if (isMissing(action, "script") || action.script?.trim() === "") {
      problems.push(
        missing(`${at}.script`, "The custom action script", "Give the command the action runs."),
      );
    }
    if (!Array.isArray(action.parameters)) return;
    uniqueNames(action.parameters, `${at}.parameters`, "parameter", problems);
    action.parameters.forEach((parameter, p) => {
      if (!isKnown(parameter)) return;
      const pAt = `${at}.parameters[${p}]`;
      if (isMissing(parameter, "name") || parameter.name === "") {
        problems.push(missing(`${pAt}.name`, "The parameter name", "Name the parameter."));
      }
      problems.push(
        ...enumProblems(
          parameter.type,
          CUSTOM_ACTION_PARAMETER_TYPES,
          `${pAt}.type`,
          "custom action parameter type",
        ),
      );
      if (
        isKnown(parameter.defaultValue) &&
        isKnown(parameter.type) &&
        parameter.type !== "String"
      ) {
        problems.push(
          warning(
            `${pAt}.defaultValue`,
            `A default value applies only to String parameters; this one is ${parameter.type}.`,
            "Remove defaultValue or make the parameter a String.",
          ),
        );
      }
    });
  });
  return problems;
}

// Azure compares names of sub-items case-insensitively, so "Restart" and "restart" collide.
function uniqueNames(
  items: ReadonlyArray<{ name?: string } | undefined>,
  field: string,
  what: string,
  problems: Problem[],
): void {
  const firstIndex = new Map<string, number>();
  items.forEach((item, index) => {
    const name = item?.name;
    if (typeof name !== "string" || name === "") return;
    const key = name.toLowerCase();
    const first = firstIndex.get(key);
    if (first === undefined) {
      firstIndex.set(key, index);
      return;
    }
    problems.push(
      error(
        `${field}[${index}].name`,
        `The ${what} name "${name}" is already used by ${field}[${first}].`,
        `Give each ${what} a different name.`,
      ),
    );
  });
}
