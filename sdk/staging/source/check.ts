/**
 * The source checks a component runs in its constructor, before anything is registered: what is
 * at `path` (read once, synchronously) and every rule it breaks, as Problems of `field`.
 */
import type { Problem } from "../../core/shared/problems";
import { inspectSource, type SourceFacts } from "./facts";
import { type StagedKind, sourceProblems } from "./rules";

export interface CheckedSource {
  /** What is at the path; `type: "file"` carries the size (e.g. for page-blob padding checks). */
  facts: SourceFacts;
  /** Empty when the path can be staged as a `kind`. */
  problems: Problem[];
}

export function checkLocalSource(path: string, field: string, kind: StagedKind): CheckedSource {
  const facts = inspectSource(path);
  return { facts, problems: sourceProblems(facts, field, kind) };
}
