import assert from "node:assert/strict";
import { recipes } from "../../sdk/core";
import { recipeMismatchProblems, recipeOrigin } from "../../sdk/core/application/recipes/origin";

const tarGz = (options: { appName: string; packageFileName?: string }) =>
  recipes.linux.tarGz({ installDir: "/opt/app", ...options });
const exe = (options: { appName: string; packageFileName?: string }) =>
  recipes.windows.exe({ uninstaller: "%ProgramFiles%\\app\\uninstall.exe", ...options });

describe("core/recipes: what the commands were built for", () => {
  it("every recipe records its OS, appName and packageFileName, invisibly", () => {
    const built = [
      [tarGz({ appName: "a" }), "Linux"],
      [recipes.linux.deb({ appName: "a", packageName: "pwsh" }), "Linux"],
      [exe({ appName: "a" }), "Windows"],
      [recipes.windows.msi({ appName: "a" }), "Windows"],
      [recipes.windows.zip({ appName: "a", installDir: "C:\\app" }), "Windows"],
    ] as const;
    for (const [commands, os] of built) {
      assert.equal(recipeOrigin(commands)?.os, os);
      assert.equal(recipeOrigin(commands)?.appName, "a");
      assert.deepEqual(Object.keys(commands), ["install", "remove"]);
      assert.deepEqual(JSON.parse(JSON.stringify(commands)), { ...commands });
    }
    assert.equal(
      recipeOrigin(tarGz({ appName: "a", packageFileName: "a.tgz" }))?.packageFileName,
      "a.tgz",
    );
    assert.equal(recipeOrigin({ install: "x", remove: "y" }), undefined);
    assert.equal(recipeOrigin({ ...tarGz({ appName: "a" }) }), undefined, "a spread copy is plain");
  });

  const LINUX_APP = { name: "hello", os: "Linux" };
  const WINDOWS_APP = { name: "hello", os: "Windows" };
  const cases: Array<
    [string, unknown, { name?: string; os?: string }, string | undefined, string[]]
  > = [
    ["matching recipe", tarGz({ appName: "hello" }), LINUX_APP, undefined, []],
    ["another application's name", tarGz({ appName: "other" }), LINUX_APP, undefined, ["error"]],
    [
      "a Windows recipe on a Linux application",
      exe({ appName: "hello" }),
      LINUX_APP,
      undefined,
      ["error"],
    ],
    [
      "a Linux recipe on a Windows application",
      tarGz({ appName: "hello" }),
      WINDOWS_APP,
      undefined,
      ["error"],
    ],
    ["both wrong", exe({ appName: "other" }), LINUX_APP, undefined, ["error", "error"]],
    ["letter case on Linux", tarGz({ appName: "Hello" }), LINUX_APP, undefined, ["error"]],
    [
      "letter case on Windows (one file, one application)",
      exe({ appName: "HELLO" }),
      WINDOWS_APP,
      undefined,
      [],
    ],
    [
      "the version renames the package, the recipe does not",
      tarGz({ appName: "hello" }),
      LINUX_APP,
      "hello.tgz",
      ["error"],
    ],
    [
      "the recipe expects a packageFileName the version does not set",
      exe({ appName: "hello", packageFileName: "setup.exe" }),
      WINDOWS_APP,
      undefined,
      ["error"],
    ],
    [
      "both use the same packageFileName",
      exe({ appName: "hello", packageFileName: "setup.exe" }),
      WINDOWS_APP,
      "setup.exe",
      [],
    ],
    [
      "the same packageFileName, another appName: works, but says so",
      exe({ appName: "other", packageFileName: "setup.exe" }),
      WINDOWS_APP,
      "setup.exe",
      ["warning"],
    ],
    ["the application is not known yet", tarGz({ appName: "other" }), {}, undefined, []],
    [
      "only the name is known (an id string)",
      exe({ appName: "other" }),
      { name: "hello" },
      undefined,
      ["error"],
    ],
    ["hand-written commands", { install: "x", remove: "y" }, LINUX_APP, undefined, []],
  ];
  for (const [label, commands, application, packageFileName, severities] of cases) {
    it(`${label}: ${severities.join(" + ") || "no problem"}`, () => {
      const problems = recipeMismatchProblems(commands, application, packageFileName);
      assert.deepEqual(
        problems.map((p) => p.severity),
        severities,
      );
      for (const problem of problems) {
        assert.equal(problem.field, "commands");
        assert.ok(problem.fix.length > 0);
      }
    });
  }

  it("says which file the commands open, which one arrives, and what to pass", () => {
    const [wrongName] = recipeMismatchProblems(tarGz({ appName: "other" }), LINUX_APP, undefined);
    assert.match(
      wrongName?.message ?? "",
      /recipes\.linux\.tarGz .*open a file named "other".*arrives on the VM as "hello"/,
    );
    assert.equal(wrongName?.fix, 'Pass appName: "hello" (this application\'s name) to the recipe.');
    const [wrongOs] = recipeMismatchProblems(exe({ appName: "hello" }), LINUX_APP, undefined);
    assert.match(wrongOs?.message ?? "", /a Windows recipe, but the application is for Linux/);
    assert.match(wrongOs?.fix ?? "", /recipes\.linux recipe/);
    const [renamed] = recipeMismatchProblems(tarGz({ appName: "hello" }), LINUX_APP, "hello.tgz");
    assert.match(renamed?.fix ?? "", /Pass packageFileName: "hello\.tgz" to the recipe/);
  });
});
