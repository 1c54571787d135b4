import { strict as assert } from "node:assert";
import { join } from "node:path";
import type { Problem } from "../../sdk/core";
import { type CliRun, FIXTURES, vmapps } from "./helpers";

/**
 * Values a plan cannot read before the program runs: links given as Outputs (a `--secret`, or
 * `pulumi.output(…)` in the program), config encrypted in the stack file, and several broken
 * components in one program. Each run spawns the real CLI, so the runs are shared.
 */
describe("vmapps plan of values that arrive as Outputs or encrypted", () => {
  const dir = join(FIXTURES, "late");
  const BAD_LINK = "http://x.blob.core.windows.net/c/b?sp=w&sig=SIGNATURE";
  const plan = (...args: string[]) => vmapps(["plan", dir, ...args]);
  const json = (run: CliRun) =>
    JSON.parse(run.stdout) as { problems: Problem[] } & Record<string, unknown>;
  let secret: CliRun;
  let plain: CliRun;
  let output: CliRun;
  let encrypted: CliRun;
  let encryptedText: CliRun;
  let broken: CliRun;
  let brokenText: CliRun;
  let failingApply: CliRun;

  before(function () {
    // Eight plans, each type-checked: about 50 s alone, more on a loaded two-core machine.
    this.timeout(240_000);
    secret = plan("--stack", "dev", "--json", "--secret", `mediaLink=${BAD_LINK}`);
    plain = plan("--stack", "dev", "--json", "--config", `plainString=${BAD_LINK}`);
    output = plan("--stack", "dev", "--config", `plainLink=${BAD_LINK}`);
    const misspelt = ["--config", "regionKey=West Eurpoe"];
    encrypted = plan("--stack", "enc", "--json", ...misspelt);
    encryptedText = plan("--stack", "enc", ...misspelt);
    const goodLink = ["--config", "plainLink=https://a.blob.core.windows.net/c/b.tgz"];
    const twoBroken = ["--config", "broken=true", ...goodLink];
    broken = plan("--stack", "dev", "--json", ...twoBroken);
    brokenText = plan("--stack", "dev", ...twoBroken);
    failingApply = plan("--stack", "dev", "--json", "--config", "failingApply=true", ...goodLink);
  });

  it("a bad --secret link is the problem list a plain string gets, as valid JSON, exit 1", () => {
    assert.equal(secret.code, 1, secret.stderr);
    assert.doesNotMatch(secret.stderr, /promises were still active/);
    const problems = json(secret).problems;
    assert.deepEqual(
      problems.map((p) => [p.resource, p.field, p.severity]),
      [
        ["agent-v1", "package.mediaLink", "error"],
        ["agent-v1", "package.mediaLink", "error"],
      ],
    );
    assert.match(problems[0]?.message ?? "", /is not https/);
    assert.match(problems[1]?.message ?? "", /does not grant read permission/);
    assert.equal(plain.code, 1, plain.stderr);
    assert.deepEqual(problems, json(plain).problems);
    for (const run of [secret, plain, output]) {
      assert.doesNotMatch(run.stdout + run.stderr, /SIGNATURE/);
    }
  });

  it("a pulumi.output(…) link prints the same problems, naming the component, exit 1", () => {
    assert.equal(output.code, 1, output.stderr);
    assert.match(output.stdout, /Problems \(2 errors, 0 warnings\)/);
    assert.match(
      output.stdout,
      /✗ error +agent-v1 › package\.mediaLink: http:\/\/x\.blob\.core\.windows\.net\/c\/b is not https/,
    );
    assert.doesNotMatch(output.stdout, /Application version/, "a failed version shows no plan");
  });

  it("an encrypted link plans as [secret] with a warning naming the key and the flag, exit 0", () => {
    assert.equal(encrypted.code, 0, encrypted.stderr);
    const report = json(encrypted);
    const versions = report.versions as Array<{ mediaLink: unknown }>;
    assert.equal(versions[0]?.mediaLink, "[secret]");
    const config = report.problems.find((p) => p.field === "config late:mediaLink");
    assert.ok(config, JSON.stringify(report.problems));
    assert.equal(config.severity, "warning");
    assert.match(config.message, /encrypted in Pulumi\.enc\.yaml.*could not be checked offline/);
    assert.match(config.fix, /--secret mediaLink=<value>/);
    assert.doesNotMatch(encrypted.stdout, /offline-placeholder/);
    assert.equal(encryptedText.code, 0, encryptedText.stderr);
    assert.match(encryptedText.stdout, /mediaLink \[secret\]/);
    assert.match(encryptedText.stdout, /! warning config late:mediaLink: /);
    assert.match(encryptedText.stdout, /✓ No errors; 2 warnings$/m);
  });

  it("a warning for a region key with a space keeps its field and fix", () => {
    const region = json(encrypted).problems.find((p) => p.resource === "agent-v1");
    assert.deepEqual([region?.field, region?.severity], ['regions["West Eurpoe"]', "warning"]);
    assert.match(region?.message ?? "", /^"West Eurpoe" is not an Azure public-cloud region/);
    assert.match(region?.fix ?? "", /^Did you mean westeurope\?/);
  });

  it("two broken components are both reported with their names, in JSON and text, exit 1", () => {
    assert.equal(broken.code, 1, broken.stderr);
    assert.deepEqual(
      json(broken).problems.map((p) => [p.resource, p.field, p.severity]),
      [
        ["gallery", "name", "error"],
        ["agent-v1", "version", "error"],
      ],
    );
    assert.equal(brokenText.code, 1);
    assert.match(brokenText.stdout, /Problems \(2 errors, 0 warnings\)/);
    assert.match(brokenText.stdout, /✗ error +gallery › name: Gallery name "not-a-gallery-name"/);
    assert.match(brokenText.stdout, /✗ error +agent-v1 › version: "1\.0" is not a version name/);
    assert.doesNotMatch(
      brokenText.stdout,
      /galleries\/undefined/,
      "no made-up ids below a failure",
    );
  });

  it("a program's own failing apply is a problem in valid JSON, not a stalled run, exit 1", () => {
    assert.equal(failingApply.code, 1, failingApply.stderr);
    assert.doesNotMatch(failingApply.stderr, /promises were still active/);
    assert.deepEqual(
      json(failingApply).problems.map((p) => [p.field, p.message, p.severity]),
      [["program", "the program's own apply failed", "error"]],
    );
  });
});
