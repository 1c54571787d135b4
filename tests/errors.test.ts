import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { CliError, CliProblemsError } from "../sdk/cli/errors";
import { reportError } from "../sdk/cli/main";
import { bufferIo } from "../sdk/cli/render/output";
import { VmAppsComponentError } from "../sdk/components/errors";
import { VmAppsError, VmAppsValidationError } from "../sdk/core";
import { RecipeError } from "../sdk/core/application/recipes/quoting";
import { error } from "../sdk/core/shared/problems";
import { StagingError } from "../sdk/staging/errors";
import { StagedBlobSecretError } from "../sdk/staging/stagedBlob/resource";

const problem = error("publishingProfile.replicaCount", "is 0", "set 1 or more");

/** One of each error the package throws on purpose, built as its callers build it. */
const family: Array<[string, () => Error]> = [
  ["VmAppsValidationError", () => new VmAppsValidationError([problem])],
  ["RecipeError", () => new RecipeError([problem], "linux.tarGz")],
  ["StagingError", () => new StagingError("EMPTY_SOURCE", "the file is empty", "pick a file")],
  ["StagedBlobSecretError", () => new StagedBlobSecretError("pkg")],
  ["CliError", () => new CliError("no such command", "run vmapps --help", 2)],
  ["CliProblemsError", () => new CliProblemsError("fleet.yaml", [problem])],
  ["VmAppsComponentError", () => new VmAppsComponentError("vmapps:index:X", "x", [problem])],
];

describe("one error family: VmAppsError carries problems", () => {
  for (const [name, make] of family) {
    it(`${name} is a VmAppsError whose problems have field, message, fix and severity`, () => {
      const err = make();
      assert.ok(err instanceof VmAppsError, `${name} is not instanceof VmAppsError`);
      assert.ok(err instanceof Error);
      assert.equal(err.name, name);
      const { problems } = err as VmAppsError;
      assert.ok(problems.length > 0);
      for (const p of problems) {
        for (const key of ["field", "message", "fix"] as const) {
          assert.equal(typeof p[key], "string", `${name}: ${key}`);
          assert.ok(p[key].length > 0, `${name}: empty ${key}`);
        }
        assert.ok(p.severity === "error" || p.severity === "warning");
      }
    });
  }

  it("a subclass check stays exact: a StagingError is not a VmAppsValidationError", () => {
    const staging = new StagingError("X", "reason", "fix");
    assert.ok(!(staging instanceof VmAppsValidationError));
    assert.ok(new RecipeError([problem], "r") instanceof VmAppsValidationError);
    assert.ok(!({ message: "plain" } instanceof VmAppsError));
    assert.ok(!(new Error("plain") instanceof VmAppsError));
  });

  it("VmAppsComponentError stays a Pulumi ResourceError, with its resource and hidden stack", () => {
    const resource = {} as pulumi.Resource;
    const err = new VmAppsComponentError("vmapps:index:X", "x", [problem], resource);
    assert.ok(pulumi.ResourceError.isInstance(err));
    assert.ok(err instanceof pulumi.ResourceError);
    assert.equal(err.resource, resource);
    assert.equal(err.hideStack, undefined);
    assert.ok(pulumi.ResourceError.isInstance(new VmAppsComponentError("t", "n", [problem])));
  });

  it("the CLI's problems and the staging fix are the same data as the message", () => {
    const cli = new CliProblemsError("fleet.yaml", [problem]);
    assert.deepEqual(cli.problems, [problem]);
    const staging = new StagingError("EMPTY_SOURCE", "the file is empty.", "pick a file");
    assert.equal(staging.message, "the file is empty. Fix: pick a file");
    assert.deepEqual(staging.problems, [
      {
        field: "EMPTY_SOURCE",
        message: "the file is empty",
        fix: "pick a file",
        severity: "error",
      },
    ]);
  });
});

describe("the CLI prints an error from its data, never from its message text", () => {
  /** Text that reads like a message with a fix, in an error whose data says otherwise. */
  const DECOY = "decoy reason. Fix: decoy fix";

  /** The fixes an error's data holds: its own `fix` (CliError, StagingError) or its problems'. */
  function fixesOf(err: Error): string[] {
    const own = (err as { fix?: unknown }).fix;
    if (typeof own === "string" && !(err instanceof CliProblemsError)) return [own];
    return (err as VmAppsError).problems.map((p) => p.fix);
  }

  for (const [name, make] of family) {
    it(`${name}: the fix lines are its data's fixes, whatever its message says`, () => {
      const err = make();
      const fixes = fixesOf(err);
      err.message = DECOY;
      const io = bufferIo();
      reportError(err, io);
      const fixLines = io.stderr.filter((line) => line.startsWith("  fix: "));
      assert.deepEqual(
        fixLines.map((line) => line.slice("  fix: ".length)),
        fixes,
      );
      if (err instanceof CliError && !(err instanceof CliProblemsError)) {
        // A CliError's message is its data: printed whole, not cut at a ". Fix: " in it.
        assert.deepEqual(io.stderr, [`error: ${DECOY}`, `  fix: ${fixes[0]}`]);
      } else {
        assert.ok(
          io.stderr.every((line) => !line.includes("decoy")),
          `${name} printed its message text:\n${io.stderr.join("\n")}`,
        );
      }
    });
  }

  it("a StagingError is its reason and its fix, a failed operation (exit 1)", () => {
    const err = new StagingError("EMPTY_SOURCE", "the file is empty.", "pick a file");
    const io = bufferIo();
    assert.equal(reportError(err, io), 1);
    assert.deepEqual(io.stderr, ["error: the file is empty", "  fix: pick a file"]);
  });

  it("a problem of a resource is printed after the resource's name", () => {
    const io = bufferIo();
    assert.equal(reportError(new StagedBlobSecretError("pkg"), io), 2);
    assert.match(
      io.stderr[0] ?? "",
      /^error: pkg › connectionString: connectionString must be a secret/,
    );
  });

  it("an error that is no VmAppsError gets no fix from its message text", () => {
    const io = bufferIo();
    reportError(Object.assign(new Error(DECOY), { fix: "a fix nobody checked" }), io);
    assert.deepEqual(io.stderr, [
      `error: ${DECOY}`,
      "  fix: this is a bug in vmapps: run again with VMAPPS_DEBUG=1 for the stack trace and report it",
    ]);
  });
});
