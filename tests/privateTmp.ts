/**
 * Mocha root hook plugin (required from .mocharc.json, before any spec file loads): the run and
 * every process it starts use a fresh private temp folder, and the run fails if a test leaves
 * anything in it. Private, because /tmp is shared with other processes, here and in CI: a check
 * of /tmp itself would blame this run for their files and could not tell its own apart.
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Context, RootHookObject } from "mocha";

const privateTmp = mkdtempSync(join(tmpdir(), "vmapps-test-run-"));
// os.tmpdir() reads TMPDIR on every call, and child processes inherit the environment.
process.env.TMPDIR = privateTmp;
// ts-node (in the CLI's child processes) keeps a compile cache in the temp folder on purpose;
// it saves them little, and a cache there is indistinguishable from a leak.
process.env.DISABLE_V8_COMPILE_CACHE = "1";
// Whatever ends the run (a filter that matches no test, Ctrl-C), the folder does not outlive it.
process.on("exit", () => rmSync(privateTmp, { recursive: true, force: true }));

function checkNothingLeft(): void {
  const left = readdirSync(privateTmp).sort();
  rmSync(privateTmp, { recursive: true, force: true });
  if (left.length > 0) {
    throw new Error(
      `the tests left ${left.length} entr${left.length === 1 ? "y" : "ies"} in the temp folder: ${left.join(", ")}. Remove each in an after hook or a finally block where it is created.`,
    );
  }
}

export const mochaHooks: RootHookObject = {
  beforeAll(this: Context) {
    // Added when the run starts, so it runs after the root-level `after` hooks of spec files.
    this.test?.parent?.afterAll("the temp folder is left as it was found", checkNothingLeft);
  },
};
