import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { ROOT } from "./helpers";

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}

describe("examples/ci/github-actions.yml", () => {
  const file = join(ROOT, "examples", "ci", "github-actions.yml");
  const text = readFileSync(file, "utf8");
  const workflow = parse(text) as {
    jobs: Record<string, { env?: Record<string, string>; steps: Step[] }>;
  };

  it("pulumi up creates the stack on its first run (upsert), after the az login", () => {
    const steps = workflow.jobs.deploy?.steps ?? [];
    const up = steps.findIndex((step) => step.uses?.startsWith("pulumi/actions@"));
    const login = steps.findIndex((step) => step.uses?.startsWith("azure/login@"));
    assert.ok(up > login && login >= 0);
    assert.equal(steps[up]?.with?.command, "up");
    assert.equal(steps[up]?.with?.upsert, true);
  });

  it("the deploy job plans with the stack it deploys", () => {
    const plans = (workflow.jobs.deploy?.steps ?? []).filter((step) =>
      step.run?.includes("vmapps plan"),
    );
    assert.deepEqual(
      plans.map((step) => step.run),
      ["npx vmapps plan . --stack production"],
    );
  });

  it("says truthfully who reads what: ARM_* the provider, the az CLI session for staging", () => {
    assert.doesNotMatch(text, /DefaultAzureCredential[^\n]*reads these/);
    assert.match(text, /ARM_\* variables are for the azure-native provider only/);
    assert.match(text, /az CLI session that azure\/login opens/);
    const env = Object.keys(workflow.jobs.deploy?.env ?? {});
    assert.deepEqual(
      env.filter((name) => name.startsWith("AZURE_")),
      [],
      "no variables nothing reads",
    );
  });

  it("after pulumi up, waits for replication and retries failed regions once, by exit code", () => {
    const steps = workflow.jobs.deploy?.steps ?? [];
    const up = steps.findIndex((step) => step.uses?.startsWith("pulumi/actions@"));
    const check = steps.findIndex((step) => step.run?.includes("vmapps status"));
    assert.ok(check > up && up >= 0, "the status step runs after pulumi up");
    const run = steps[check]?.run ?? "";
    assert.match(run, /pulumi stack output versionId --stack production/);
    assert.match(run, /vmapps status "\$id" --watch/);
    assert.match(run, /3\|4\) npx vmapps republish "\$id"/);
    const example = readFileSync(join(ROOT, "examples", "basic", "index.ts"), "utf8");
    assert.match(example, /export const versionId = /);
  });
});
