import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { CliError, CliProblemsError } from "../sdk/cli/errors";
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
