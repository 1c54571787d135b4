/**
 * How many targets change at once: a count (`3`) or a percent of all of them (`"20%"`). One
 * parser for both users of it: the batch planner (a count of VMs or scale sets) and the scale
 * set's rolling upgrade policy (a percent of its instances).
 */
import { describeValue } from "../shared/fields";
import { error, type Problem } from "../shared/problems";

/** A count of targets (a whole number, 1 or more) or a whole percent of them, e.g. `"25%"`. */
export type MaxConcurrent = number | `${number}%`;

export type Concurrency = { count: number; percent?: never } | { percent: number; count?: never };

const PERCENT = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/;

/** The count or percent `value` gives, or the problem with it; percents are 1..100. */
export function parseMaxConcurrent(
  value: unknown,
  field: string,
): { concurrency?: Concurrency; problems: Problem[] } {
  const fix = 'Give a whole number of targets (e.g. 3) or a whole percent (e.g. "20%").';
  if (typeof value === "number") {
    if (Number.isSafeInteger(value) && value >= 1)
      return { concurrency: { count: value }, problems: [] };
    return {
      problems: [error(field, `${value} is not a whole number of targets, 1 or more.`, fix)],
    };
  }
  const match = typeof value === "string" ? PERCENT.exec(value) : null;
  const percent = match ? Number(match[1]) : Number.NaN;
  if (Number.isInteger(percent) && percent >= 1 && percent <= 100) {
    return { concurrency: { percent }, problems: [] };
  }
  const shown = typeof value === "string" ? JSON.stringify(value) : describeValue(value);
  return {
    problems: [
      error(
        field,
        match
          ? `${shown} is not a whole percent from 1% to 100%.`
          : `${shown} is neither a count of targets nor a percent.`,
        fix,
      ),
    ],
  };
}

/** Targets per batch out of `total`: a percent rounds down, but a batch holds at least one. */
export function concurrentCount(concurrency: Concurrency, total: number): number {
  if (concurrency.count !== undefined) return concurrency.count;
  return Math.max(1, Math.floor((concurrency.percent * total) / 100));
}
