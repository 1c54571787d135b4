/**
 * Durations as Azure's rolling upgrade policy takes them: ISO 8601 (`PT30S`, `PT5M`, `P1D`),
 * from a number of seconds or the ISO text. Years, months and weeks are refused: their length
 * depends on the calendar, and a wait between batches is never that long.
 * @see https://learn.microsoft.com/rest/api/compute/virtual-machine-scale-sets/create-or-update#rollingupgradepolicy
 */
import { describeValue } from "../shared/fields";
import { error, type Problem } from "../shared/problems";

const ISO_DURATION = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

export interface ParsedDuration {
  /** The ISO 8601 text sent to Azure. */
  iso: string;
  seconds: number;
}

/** `90` → `PT1M30S`; `0` → `PT0S`; `86400` → `P1D`. */
export function formatDuration(totalSeconds: number): string {
  if (totalSeconds === 0) return "PT0S";
  const days = Math.floor(totalSeconds / 86_400);
  const hours = Math.floor((totalSeconds % 86_400) / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const time = `${hours ? `${hours}H` : ""}${minutes ? `${minutes}M` : ""}${seconds ? `${seconds}S` : ""}`;
  return `P${days ? `${days}D` : ""}${time ? `T${time}` : ""}`;
}

/** A whole number of seconds (0 or more) or an ISO 8601 duration; problems name `field`. */
export function parseDuration(
  value: unknown,
  field: string,
): { duration?: ParsedDuration; problems: Problem[] } {
  if (typeof value === "number") {
    if (Number.isSafeInteger(value) && value >= 0) {
      return { duration: { iso: formatDuration(value), seconds: value }, problems: [] };
    }
    return {
      problems: [
        error(
          field,
          `${value} is not a whole number of seconds, 0 or more.`,
          "Give whole seconds (e.g. 90), or an ISO 8601 duration such as PT1M30S.",
        ),
      ],
    };
  }
  const text = typeof value === "string" ? value.trim().toUpperCase() : undefined;
  const match = text === undefined ? null : ISO_DURATION.exec(text);
  const hasPart = match?.slice(1).some((part) => part !== undefined) === true;
  if (match === null || !hasPart || text?.endsWith("T")) {
    const calendar = text !== undefined && /^P.*[YW]|^P[^T]*M/.test(text);
    return {
      problems: [
        error(
          field,
          `${typeof value === "string" ? JSON.stringify(value) : describeValue(value)} is not an ISO 8601 duration of days, hours, minutes and seconds.`,
          calendar
            ? "Years, months and weeks have no fixed length: write days (P1D), hours (PT2H) or minutes (PT30M)."
            : "Write e.g. PT30S, PT5M or PT1H30M, or give whole seconds as a number (90).",
        ),
      ],
    };
  }
  const [days, hours, minutes, seconds] = match.slice(1).map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number,
  ];
  return {
    duration: {
      iso: text as string,
      seconds: days * 86_400 + hours * 3600 + minutes * 60 + seconds,
    },
    problems: [],
  };
}
