/** Problems as the CLI prints them: where, what, and the fix on the line below. */
import type { Problem } from "../../core";
import { type Io, style } from "./output";

/** Where a problem is: the argument, after the resource it belongs to when there is one. */
export function problemPlace(problem: Problem): string {
  return problem.resource === undefined ? problem.field : `${problem.resource} › ${problem.field}`;
}

/** Each problem as two lines: severity, place and message, then its fix. */
export function problemLines(io: Io, problems: Problem[]): string[] {
  return problems.flatMap((problem) => [
    `${problem.severity === "error" ? style(io, "red", "✗ error  ") : style(io, "yellow", "! warning")} ${style(io, "bold", problemPlace(problem))}: ${problem.message}`,
    `            fix: ${problem.fix}`,
  ]);
}
