/**
 * Container and blob names have one answer everywhere (sdk/staging/names.ts). Before, three
 * copies disagreed: the StagedBlob engine took any non-empty container name, the components
 * refused `$root` and `$web` that `vmapps stage` took, and nobody refused a trailing dot.
 */
import assert from "node:assert/strict";
import { checkBlobName, checkContainerName } from "../../sdk/cli/commands/stageChecks";
import { CliError } from "../../sdk/cli/errors";
import { containerNameProblems as componentContainerNameProblems } from "../../sdk/components/shared/names";
import { blobNameProblems, containerNameProblems } from "../../sdk/staging/names";
import { type StagedBlobInputs, validateInputs } from "../../sdk/staging/stagedBlobEngine";

const engineInputs = (extra: Partial<StagedBlobInputs>): StagedBlobInputs => ({
  source: "app.zip",
  accountName: "account",
  containerName: "packages",
  ...extra,
});

function cliRefuses(check: () => void): boolean {
  try {
    check();
    return false;
  } catch (error) {
    assert.ok(error instanceof CliError, String(error));
    assert.equal(error.exitCode, 2, "a usage error");
    return true;
  }
}

describe("container names: one rule for the engine, `vmapps stage` and the components", () => {
  // [name, valid as an existing container, valid as a container a component creates]
  const table: Array<[string, boolean, boolean]> = [
    ["abc", true, true],
    ["a-b-c", true, true],
    ["a1b2c3", true, true],
    ["a".repeat(63), true, true],
    ["ab", false, false],
    ["a".repeat(64), false, false],
    ["a--b", false, false],
    ["-ab", false, false],
    ["ab-", false, false],
    ["Bad_Name", false, false],
    ["ABC", false, false],
    ["a.b", false, false],
    ["", false, false],
    ["$root", true, false],
    ["$web", true, false],
    ["$logs", false, false],
  ];
  for (const [name, existing, created] of table) {
    it(`${JSON.stringify(name.length > 20 ? `${name.slice(0, 8)}…(${name.length})` : name)}: ${existing ? "accepted" : "refused"} for staging, ${created ? "accepted" : "refused"} for a created container`, () => {
      assert.equal(containerNameProblems(name, "containerName").length === 0, existing);
      assert.equal(
        containerNameProblems(name, "containerName", { special: false }).length === 0,
        created,
      );
      assert.equal(!cliRefuses(() => checkContainerName(name)), existing, "vmapps stage");
      const engineFailures = validateInputs(engineInputs({ containerName: name })).filter(
        (failure) => failure.property === "containerName",
      );
      assert.equal(engineFailures.length === 0, existing, "StagedBlob engine");
      assert.equal(
        componentContainerNameProblems(name, "containerName").length === 0,
        created,
        "PackageStorage",
      );
    });
  }

  it("names the field, the reason and a valid example in each caller's words", () => {
    const [problem] = containerNameProblems("Bad_Name", "containerName");
    assert.deepEqual(problem, {
      field: "containerName",
      message: 'containerName "Bad_Name" may hold only lower-case letters, digits and hyphens.',
      fix: 'Use 3-63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit, e.g. "bad-name".',
      severity: "error",
    });
    const cli = (() => {
      try {
        checkContainerName("ab");
      } catch (error) {
        return error as CliError;
      }
    })();
    assert.equal(cli?.message, "--container ab is 2 characters; a container name has 3 to 63");
    assert.match(cli?.fix ?? "", /^use 3-63 .*, e\.g\. --container packages$/);
  });
});

describe("blob names: one rule for the engine and `vmapps stage`", () => {
  const table: Array<[string, RegExp | undefined]> = [
    ["app.zip", undefined],
    ["apps/1.0.0/app.zip", undefined],
    ["a.b/c", undefined],
    [".hidden", undefined],
    ["a".repeat(1024), undefined],
    ["a".repeat(1025), /is 1025 characters; a blob name has at most 1024/],
    ["", /is empty/],
    ["/app.zip", /starts with "\/"/],
    ["apps/", /empty path segment/],
    ["a//b", /empty path segment/],
    ["./app.zip", /"\." or "\.\." path segment/],
    ["apps/../app.zip", /"\." or "\.\." path segment/],
    ["app.", /ends with "\."/],
    ["app./", /empty path segment/],
    ["...", /ends with "\."/],
    ["v1./app.zip", /path segment that ends with "\."/],
  ];
  for (const [name, refusal] of table) {
    it(`${JSON.stringify(name.length > 20 ? `${name.slice(0, 8)}…(${name.length})` : name)}: ${refusal ? "refused" : "accepted"}`, () => {
      const problems = blobNameProblems(name, "blobName");
      if (refusal) assert.match(problems[0]?.message ?? "", refusal);
      else assert.deepEqual(problems, []);
      assert.equal(
        cliRefuses(() => checkBlobName(name)),
        refusal !== undefined,
        "vmapps stage",
      );
      const engineFailures = validateInputs(engineInputs({ blobName: name })).filter(
        (failure) => failure.property === "blobName",
      );
      assert.equal(engineFailures.length > 0, refusal !== undefined, "StagedBlob engine");
      if (refusal) assert.match(engineFailures[0]?.reason ?? "", refusal);
    });
  }

  it("a value that is not a string is refused, not thrown on", () => {
    assert.match(
      blobNameProblems(42, "blobName")[0]?.message ?? "",
      /must be a string; got number/,
    );
    assert.match(
      containerNameProblems(undefined, "containerName")[0]?.message ?? "",
      /must be a string; got undefined/,
    );
  });
});
