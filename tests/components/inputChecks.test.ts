/**
 * Inputs a new user gets wrong, each caught before anything is registered (or, for values known
 * only during the deployment, reported truthfully on the component).
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as pulumiLog from "@pulumi/pulumi/log";
import type { VmApplicationVersionArgs } from "../../sdk/components/application/versionArgs";
import { VmApplication } from "../../sdk/components/application/vmApplication";
import { VmApplicationVersion } from "../../sdk/components/application/vmApplicationVersion";
import { VmAppsComponentError } from "../../sdk/components/errors";
import { AppGallery } from "../../sdk/components/gallery/appGallery";
import {
  blobUrlWithoutSas,
  publicBlobUrl,
  sasExpiry,
  sourceFingerprint,
} from "../../sdk/components/shared/links";
import { PackageStorage } from "../../sdk/components/storage/packageStorage";
import {
  APP_ID,
  type Captured,
  freshRuntime,
  GUARD,
  type Harness,
  plainStrings,
  resolved,
  SAS_QUERY,
  STAGED,
  SUBSCRIPTION,
  VERSION,
} from "./harness";

const work = mkdtempSync(join(tmpdir(), "vmapps-input-checks-"));
after(() => rmSync(work, { recursive: true, force: true }));
const file = (name: string, bytes: number) => {
  const path = join(work, name);
  writeFileSync(path, Buffer.alloc(bytes, 7));
  return path;
};
const installerExe = file("setup.exe", 3000);
const packageZip = file("hello.zip", 3000);
const packageTarGz = file("hello.tar.gz", 3000);
const emptyFile = file("empty.tar.gz", 0);
const emptyFolder = join(work, "empty-folder");
mkdirSync(join(emptyFolder, "only-a-subfolder"), { recursive: true });
const folderWithLink = join(work, "with-link");
mkdirSync(folderWithLink);
writeFileSync(join(folderWithLink, "install.sh"), "#!/bin/sh\n");
symlinkSync(join(work, "hello.zip"), join(folderWithLink, "current.zip"));
const appFolder = join(work, "app");
mkdirSync(appFolder);
writeFileSync(join(appFolder, "install.sh"), "#!/bin/sh\n");
const configFolder = join(work, "config");
mkdirSync(configFolder);
writeFileSync(join(configFolder, "settings.json"), "{}\n");

const commands = { install: "install", remove: "remove" };
const link = (blob: string) => `https://acct.blob.core.windows.net/packages/${blob}?${SAS_QUERY}`;
/** Replicas above 3 in one region: the plan switches the package to a page blob. */
const MANY_REPLICAS = { eastus: { demand: { vms: 120 } } };

interface Setup {
  h: Harness;
  storage: PackageStorage;
  app: VmApplication;
  publish(name: string, args: Partial<VmApplicationVersionArgs>): VmApplicationVersion;
}

async function setup(os: "Linux" | "Windows" = "Windows"): Promise<Setup> {
  const h = await freshRuntime();
  const gallery = new AppGallery("g", {
    resourceGroupName: "rg",
    name: "apps",
    location: "eastus",
  });
  const storage = new PackageStorage("s", { resourceGroupName: "rg" });
  const app = new VmApplication("hello", { gallery, supportedOsType: os });
  const publish: Setup["publish"] = (name, args) =>
    new VmApplicationVersion(name, {
      application: app,
      version: "1.0.0",
      location: "eastus",
      storage,
      package: { path: packageTarGz },
      commands,
      regions: {},
      ...args,
    });
  return { h, storage, app, publish };
}

/** The problems of the error `construct` throws, after checking it registered nothing new. */
async function rejected(
  h: Harness,
  construct: () => unknown,
): Promise<VmAppsComponentError["problems"]> {
  await h.settle();
  const before = h.resources.length;
  let thrown: unknown;
  try {
    construct();
  } catch (err) {
    thrown = err;
  }
  assert.ok(thrown instanceof VmAppsComponentError, `expected VmAppsComponentError, got ${thrown}`);
  assert.match(thrown.message, /nothing was registered/);
  await h.settle();
  assert.equal(h.resources.length, before, "nothing was registered");
  return thrown.problems.filter((p) => p.severity === "error");
}

function byName(h: Harness, name: string): Captured {
  const found = h.resources.find((r) => r.name === name);
  assert.ok(found, `no resource ${name}`);
  return found;
}

/** Warnings the components log while the body runs. */
async function warningsOf(body: () => Promise<void>): Promise<string[]> {
  const logged: string[] = [];
  const log = pulumiLog as { warn: (message: string) => Promise<void> };
  const original = log.warn;
  log.warn = async (message: string) => {
    logged.push(message);
  };
  try {
    await body();
  } finally {
    log.warn = original;
  }
  return logged;
}

describe("VmApplicationVersion input checks", () => {
  describe("page blobs of files that are not archives", () => {
    it("refuses an .exe wanting more than 3 replicas, naming package.path and every way out", async () => {
      const { h, publish } = await setup();
      const problems = await rejected(h, () =>
        publish("v", { package: { path: installerExe }, regions: MANY_REPLICAS }),
      );
      const problem = problems.find((p) => p.field === "package.path");
      assert.ok(problem, `package.path is reported; got ${problems.map((p) => p.field)}`);
      assert.match(problem.message, /setup\.exe.*page blob/);
      for (const way of [
        /zip or tar\.gz/,
        /package\.allowPadding: true/,
        /3 replicas/,
        /blobType/,
      ]) {
        assert.match(problem.fix, way);
      }
    });

    it("stages it with package.allowPadding: true, which reaches StagedBlob", async () => {
      const { h, publish } = await setup();
      const version = publish("v", {
        package: { path: installerExe, allowPadding: true },
        regions: MANY_REPLICAS,
      });
      assert.equal(await resolved(version.blobType), "page");
      await h.settle();
      const staged = byName(h, "v-package");
      assert.equal(staged.inputs.blobType, "page");
      assert.equal(staged.inputs.allowPadding, true);
    });

    it("accepts zip and tar.gz files and folders as page blobs (staging pads them safely)", async () => {
      const { h, publish } = await setup();
      publish("zip", { package: { path: packageZip }, regions: MANY_REPLICAS });
      publish("tgz", { version: "1.0.1", package: { path: packageTarGz }, regions: MANY_REPLICAS });
      publish("dir", { version: "1.0.2", package: { path: appFolder }, regions: MANY_REPLICAS });
      await h.settle();
      assert.deepEqual(
        h.ofType(STAGED).map((s) => [s.name, s.inputs.blobType, s.inputs.allowPadding]),
        [
          ["zip-package", "page", undefined],
          ["tgz-package", "page", undefined],
          ["dir-package", "page", undefined],
        ],
      );
    });

    it("stages an .exe as a block blob at 3 replicas or fewer, without padding", async () => {
      const { h, publish } = await setup();
      publish("v", { package: { path: installerExe }, regions: { eastus: { replicas: 3 } } });
      await h.settle();
      assert.equal(byName(h, "v-package").inputs.blobType, "block");
    });
  });

  describe("sas settings", () => {
    it("refuses a user-delegation SAS over 7 days and a renewal threshold not below the validity", async () => {
      const { h, publish } = await setup();
      const problems = await rejected(h, () =>
        publish("v", { sas: { validForDays: 30, renewWithinDays: 40 } }),
      );
      const fields = problems.map((p) => p.field);
      assert.ok(fields.includes("sas.validForDays"), `got ${fields}`);
      assert.ok(fields.includes("sas.renewWithinDays"), `got ${fields}`);
      assert.match(
        problems.find((p) => p.field === "sas.validForDays")?.message ?? "",
        /user delegation/,
      );
    });

    it("allows a long SAS signed with a secret connection string, and skips unknown values", async () => {
      const { h, app } = await setup();
      const storage = {
        accountName: "devstoreaccount1",
        containerName: "packages",
        blobEndpoint: "https://127.0.0.1:10000/devstoreaccount1",
        connectionString: pulumi.secret(
          "DefaultEndpointsProtocol=https;AccountName=x;AccountKey=eA==",
        ),
      };
      const base = {
        application: app,
        location: "eastus",
        storage,
        package: { path: packageTarGz },
        commands,
        regions: {},
      };
      new VmApplicationVersion("long", { ...base, version: "1.0.0", sas: { validForDays: 30 } });
      new VmApplicationVersion("later", {
        ...base,
        version: "1.0.1",
        sas: { validForDays: pulumi.output(30) as unknown as number },
      });
      await h.settle();
      assert.equal(byName(h, "long-package").inputs.sasValidForDays, 30);
      assert.ok(byName(h, "later-package"));
    });

    it("warns that sas has no effect when nothing is staged", async () => {
      const warnings = await warningsOf(async () => {
        const { h, publish } = await setup();
        publish("v", {
          storage: undefined,
          package: { mediaLink: link("a") },
          sas: { validForDays: 3 },
        });
        await h.settle();
      });
      assert.ok(
        warnings.some((w) => /^sas: .*no effect/.test(w)),
        `got ${warnings}`,
      );
    });
  });

  describe("one version number per application", () => {
    it("refuses a second declaration of 1.0.0, naming the component that declared it first", async () => {
      const { h, publish } = await setup();
      publish("first", {});
      const problems = await rejected(h, () => publish("second", {}));
      const problem = problems.find((p) => p.field === "version");
      assert.ok(problem);
      assert.match(problem.message, /already declared by VmApplicationVersion "first"/);
      assert.match(problem.fix, /1\.0\.1/);
    });

    it("recognises the application across forms: application: app and applicationId: app.id", async () => {
      const { h, app, publish } = await setup();
      publish("first", {});
      const problems = await rejected(h, () =>
        publish("second", { application: undefined, applicationId: app.id }),
      );
      assert.ok(problems.some((p) => p.field === "version"));
    });

    it("recognises an id string in another letter case", async () => {
      const { h, publish } = await setup();
      publish("first", { application: undefined, applicationId: APP_ID });
      const problems = await rejected(h, () =>
        publish("second", { application: undefined, applicationId: APP_ID.toUpperCase() }),
      );
      assert.ok(problems.some((p) => p.field === "version"));
    });

    it("accepts the same number on another application, and again in a new program run", async () => {
      const { h, publish } = await setup();
      const other = new VmApplication("other", {
        galleryId: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.Compute/galleries/apps`,
        supportedOsType: "Linux",
      });
      publish("mine", { application: undefined, applicationId: APP_ID });
      publish("theirs", { application: other });
      await h.settle();
      assert.equal(h.ofType(VERSION).length, 2);
      const next = await setup();
      next.publish("mine", { application: undefined, applicationId: APP_ID });
      await next.h.settle();
      assert.equal(next.h.ofType(VERSION).length, 1);
    });
  });

  describe("the dependency chain across application forms", () => {
    it("chains application: app, then applicationId: app.id, then application: app", async () => {
      const { h, app, publish } = await setup();
      publish("a", { version: "1.0.0" });
      publish("b", { version: "1.0.1", application: undefined, applicationId: app.id });
      publish("c", { version: "1.0.2" });
      await h.settle();
      // A dependency on a component is sent as its custom children: the previous version's.
      const urn = (name: string) => byName(h, name).urn;
      assert.ok(byName(h, "b-version").dependencies.includes(urn("a-version")));
      assert.ok(byName(h, "c-version").dependencies.includes(urn("b-version")));
    });

    it("chains id strings that differ only in letter case or surrounding spaces", async () => {
      const { h, publish } = await setup();
      publish("a", { application: undefined, applicationId: APP_ID });
      publish("b", {
        version: "1.0.1",
        application: undefined,
        applicationId: ` ${APP_ID.toLowerCase()} `,
      });
      await h.settle();
      assert.ok(byName(h, "b-version").dependencies.includes(byName(h, "a-version").urn));
    });
  });

  describe("connection strings and late failures", () => {
    it("refuses a plain-string connection string before registering anything", async () => {
      const { h, app } = await setup();
      const problems = await rejected(
        h,
        () =>
          new VmApplicationVersion("v", {
            application: app,
            version: "1.0.0",
            location: "eastus",
            storage: {
              accountName: "acct",
              containerName: "packages",
              blobEndpoint: "https://acct.blob.core.windows.net/",
              connectionString: "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=eA==",
            },
            package: { path: packageTarGz },
            commands,
            regions: {},
          }),
      );
      const problem = problems.find((p) => p.field === "storage.connectionString");
      assert.ok(problem, `got ${problems.map((p) => p.field)}`);
      assert.match(problem.fix, /pulumi\.secret\(\.\.\.\) or .*config\.requireSecret/);
      assert.doesNotMatch(JSON.stringify(problems), /AccountKey/);
    });

    it("reports a location known only at deployment on the component, without claiming nothing was registered", async () => {
      const { h, publish } = await setup();
      const version = publish("v", { location: pulumi.output("") });
      await assert.rejects(resolved(version.targetRegions), (err: unknown) => {
        assert.ok(err instanceof VmAppsComponentError);
        assert.ok(err instanceof pulumi.ResourceError);
        assert.equal(err.resource, version);
        assert.doesNotMatch(err.message, /nothing was registered/);
        assert.match(err.message, /known only during the deployment/);
        assert.ok(err.problems.some((p) => p.field === "location"));
        return true;
      });
      // No settle: the version's registration waits on the rejected plan for good.
      assert.equal(h.ofType(VERSION).length, 0);
    });
  });

  describe("local files are reported under the path the user wrote", () => {
    it("an empty package file is package.path, with a fix for a local file", async () => {
      const { h, publish } = await setup();
      const problems = await rejected(h, () => publish("v", { package: { path: emptyFile } }));
      const problem = problems.find((p) => p.field === "package.path");
      assert.ok(problem, `got ${problems.map((p) => p.field)}`);
      assert.match(problem.message, /empty \(0 bytes\)/);
      assert.doesNotMatch(problem.fix, /Upload/);
      assert.ok(!problems.some((p) => p.field.startsWith("package.mediaLink")));
    });

    it("a package over 2 GiB is package.path; an empty configuration is config.path", async () => {
      const huge = join(work, "huge.tar.gz");
      writeFileSync(huge, "");
      truncateSync(huge, 2 * 1024 ** 3 + 1);
      const { h, publish } = await setup();
      const problems = await rejected(h, () =>
        publish("v", { package: { path: huge }, config: { path: emptyFile } }),
      );
      const fields = problems.map((p) => p.field);
      assert.deepEqual(fields.sort(), ["config.path", "package.path"]);
      assert.match(problems.find((p) => p.field === "package.path")?.message ?? "", /2 GiB/);
      assert.ok(!fields.includes("config.link"));
    });

    it("an empty package folder fails before registering, not at preview", async () => {
      const { h, publish } = await setup();
      const problems = await rejected(h, () => publish("v", { package: { path: emptyFolder } }));
      const problem = problems.find((p) => p.field === "package.path");
      assert.ok(problem);
      assert.match(problem.message, /contains no files/);
    });

    it("a link inside a package folder fails before registering (the archive refuses it)", async () => {
      const { h, publish } = await setup();
      const problems = await rejected(h, () => publish("v", { package: { path: folderWithLink } }));
      assert.match(problems.find((p) => p.field === "package.path")?.message ?? "", /current\.zip/);
    });
  });

  describe("region names", () => {
    it("warns about unknown names with the closest known one, and still publishes", async () => {
      const warnings = await warningsOf(async () => {
        const { h, publish } = await setup();
        publish("v", { regions: { westeurop: {}, "Mars Central": {} } });
        await h.settle();
        assert.equal(h.ofType(VERSION).length, 1);
      });
      assert.ok(
        warnings.some((w) => /^regions\.westeurop: .*Did you mean westeurope\?/.test(w)),
        `got ${warnings}`,
      );
      assert.ok(
        warnings.some((w) => w.startsWith('regions["Mars Central"]: ') && !/Did you mean/.test(w)),
        `got ${warnings}`,
      );
    });
  });

  describe("archive formats", () => {
    it("archives a config folder with config.archiveFormat, else like the package", async () => {
      const { h, publish } = await setup("Linux");
      publish("own", {
        package: { path: appFolder },
        config: { path: configFolder, archiveFormat: "zip" },
      });
      publish("follows", {
        version: "1.0.1",
        package: { path: appFolder, archiveFormat: "zip" },
        config: { path: configFolder },
      });
      publish("default", {
        version: "1.0.2",
        package: { path: appFolder },
        config: { path: configFolder },
      });
      await h.settle();
      const format = (name: string) => byName(h, name).inputs.archiveFormat;
      assert.deepEqual(
        ["own", "follows", "default"].map((n) => [format(`${n}-package`), format(`${n}-config`)]),
        [
          ["tar.gz", "zip"],
          ["zip", "zip"],
          ["tar.gz", "tar.gz"],
        ],
      );
    });

    it("refuses an unknown archive format", async () => {
      const { h, publish } = await setup();
      const problems = await rejected(h, () =>
        publish("v", {
          package: { path: appFolder, archiveFormat: "rar" as "zip" },
          config: { path: configFolder, archiveFormat: "7z" as "zip" },
        }),
      );
      const fields = problems.map((p) => p.field).sort();
      assert.deepEqual(fields, ["config.archiveFormat", "package.archiveFormat"]);
    });
  });

  describe("SAS never reaches plain text", () => {
    it("blobUrlWithoutSas and sasExpiry cut at ? and #", () => {
      const blob = "https://a.blob.core.windows.net/c/b.zip";
      for (const url of [
        `${blob}?${SAS_QUERY}`,
        `${blob}#${SAS_QUERY}`,
        `${blob}#frag?${SAS_QUERY}`,
        `${blob}?${SAS_QUERY}#frag`,
        blob,
      ]) {
        assert.equal(blobUrlWithoutSas(url), blob, url);
      }
      assert.equal(sasExpiry(`${blob}?se=2030-01-01&sig=x#frag`), "2030-01-01");
    });

    it("a mediaLink with the SAS after a # leaves no signature in sourceBlobUrl or the guard", async () => {
      const { h, publish } = await setup();
      const version = publish("v", {
        storage: undefined,
        package: { mediaLink: `https://acct.blob.core.windows.net/packages/a.zip#${SAS_QUERY}` },
      });
      assert.equal(
        await resolved(version.sourceBlobUrl),
        "https://acct.blob.core.windows.net/packages/a.zip",
      );
      await h.settle();
      const leaks = plainStrings(h.one(GUARD).wire).filter((s) => s.text.includes("sig="));
      assert.deepEqual(leaks, []);
    });
  });
});

/**
 * Errors raised while the engine serializes inputs that failed a late check: a real run fails
 * with them. Mocha's own handler is set aside meanwhile, so they are collected, not fatal.
 */
async function failuresDuring(body: () => unknown): Promise<string[]> {
  const caught: string[] = [];
  const events = ["unhandledRejection", "uncaughtException"] as const;
  type Listener = (reason: unknown) => void;
  const saved = events.map(
    (event) => process.listeners(event as "unhandledRejection") as Listener[],
  );
  const collect: Listener = (reason) => {
    caught.push(reason instanceof Error ? reason.message : String(reason));
  };
  for (const event of events) {
    process.removeAllListeners(event);
    process.on(event as "unhandledRejection", collect);
  }
  try {
    await body();
    // No settle: registrations waiting on a refused value never complete.
    for (let waited = 0; caught.length === 0 && waited < 5000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  } finally {
    events.forEach((event, index) => {
      process.removeListener(event as "unhandledRejection", collect);
      for (const listener of saved[index] ?? []) {
        process.on(event as "unhandledRejection", listener);
      }
    });
  }
  return caught;
}

describe("links given as Outputs (config.requireSecret) are checked when they resolve", () => {
  const BAD =
    "http://acct.blob.core.windows.net/c/app.tgz?sv=2024-11-04&se=2020-01-01T00%3A00%3A00Z&sp=w&sig=BADSIGNATURE";

  for (const where of ["package.mediaLink", "config.link"] as const) {
    it(`refuses a bad ${where} Output on the component; the version is never registered`, async () => {
      const { h, publish } = await setup();
      const secretLink = pulumi.secret(BAD);
      let version: VmApplicationVersion | undefined;
      const failures = await failuresDuring(() => {
        version = publish("v", {
          storage: undefined,
          package: { mediaLink: where === "package.mediaLink" ? secretLink : link("a.zip") },
          config: where === "config.link" ? { link: secretLink } : undefined,
        });
      });
      const message = failures.find((m) => m.includes('VmApplicationVersion "v"'));
      assert.ok(message, failures.join("\n"));
      assert.match(message, /known only during the deployment/);
      assert.doesNotMatch(message, /nothing was registered/);
      assert.doesNotMatch(message, /BADSIGNATURE|sig=|sv=|\?/);
      assert.match(message, new RegExp(`${where}: \\S+ is not https`));
      assert.match(message, /read permission/);
      assert.match(message, /expired/);
      assert.equal(h.ofType(VERSION).length, 0);
      assert.equal(h.ofType(GUARD).length, 0);
      if (where === "package.mediaLink") {
        await assert.rejects(resolved((version as VmApplicationVersion).sourceBlobUrl), (err) => {
          assert.ok(err instanceof VmAppsComponentError);
          assert.equal(err.resource, version);
          assert.equal(err.problems.filter((p) => p.field === where).length, 3);
          return true;
        });
      }
    });
  }

  it("publishes a good link Output, still secret on the version", async () => {
    const { h, publish } = await setup();
    const version = publish("v", {
      storage: undefined,
      package: { mediaLink: pulumi.secret(link("a.zip")) },
      config: { link: pulumi.secret(link("a.json")) },
    });
    await h.settle();
    const published = h.one(VERSION);
    assert.deepEqual(
      plainStrings(published.wire).filter((s) => s.text.includes("sig=")),
      [],
    );
    assert.equal(
      await resolved(version.sourceBlobUrl),
      "https://acct.blob.core.windows.net/packages/a.zip",
    );
    assert.equal(await pulumi.isSecret(version.sourceBlobUrl), false);
  });
});

describe("a SAS the URL parser cannot separate stays secret", () => {
  const ENCODED = "https://acct.blob.core.windows.net/c/app.tgz%3Fsv=2024-11-04&sp=r&sig=TOPSECRET";
  const NOT_A_URL = "not a url sig=LEAKME2";

  for (const [label, value, message] of [
    ["an encoded ?", ENCODED, /SAS query seems encoded into the path/],
    ["a value that is not a URL", NOT_A_URL, /not a URL/],
  ] as const) {
    it(`refuses ${label} given as a plain string, without echoing the signature`, async () => {
      const { h, publish } = await setup();
      for (const args of [
        { package: { mediaLink: value } },
        { package: { mediaLink: link("a.zip") }, config: { link: value } },
      ]) {
        const problems = await rejected(h, () => publish("v", { storage: undefined, ...args }));
        assert.ok(
          problems.some((p) => message.test(p.message)),
          problems.map((p) => p.message).join("\n"),
        );
        assert.doesNotMatch(JSON.stringify(problems), /TOPSECRET|LEAKME2/);
      }
    });

    it(`keeps every plain input and output free of ${label} given as a secret Output`, async () => {
      const { h, publish } = await setup();
      const failures = await failuresDuring(async () => {
        publish("v", {
          storage: undefined,
          package: { mediaLink: pulumi.secret(value) },
          config: { link: pulumi.secret(value) },
        });
      });
      assert.ok(
        failures.some((m) => message.test(m)),
        failures.join("\n"),
      );
      assert.doesNotMatch(failures.join("\n"), /TOPSECRET|LEAKME2/);
      assert.equal(h.ofType(VERSION).length, 0);
      for (const resource of h.resources) {
        const leaks = plainStrings(resource.wire).filter((s) => /TOPSECRET|LEAKME2/.test(s.text));
        assert.deepEqual(leaks, [], resource.name);
      }
      for (const outputs of h.componentOutputs.values()) {
        const leaks = plainStrings(outputs).filter((s) => /TOPSECRET|LEAKME2/.test(s.text));
        assert.deepEqual(leaks, []);
      }
    });
  }

  it("publicBlobUrl gives a plain URL only for https links free of SAS material", () => {
    const blob = "https://acct.blob.core.windows.net/c/app.tgz";
    assert.equal(publicBlobUrl(`${blob}?${SAS_QUERY}`), blob);
    assert.equal(publicBlobUrl(`${blob}#${SAS_QUERY}`), blob);
    assert.equal(
      publicBlobUrl("https://acct.blob.core.windows.net/c/my%20app.tgz?sig=x"),
      "https://acct.blob.core.windows.net/c/my%20app.tgz",
    );
    for (const doubtful of [
      ENCODED,
      NOT_A_URL,
      "https://acct.blob.core.windows.net/c/app.tgz%3fsig=x",
      "https://acct.blob.core.windows.net/c/app.tgz%253Fsig=x",
      "https://acct.blob.core.windows.net/c/sig=x/app.tgz",
      "https://acct.blob.core.windows.net/c/app.tgz%26sig%3Dx",
      "https://user:sig@acct.blob.core.windows.net/c/app.tgz",
      "http://acct.blob.core.windows.net/c/app.tgz?sig=x",
      "https://acct.blob.core.windows.net\\c\\app.tgz?sig=x",
    ]) {
      assert.equal(publicBlobUrl(doubtful), undefined, doubtful);
    }
    assert.match(sourceFingerprint(ENCODED), /^sha256:[0-9a-f]{64}$/);
    assert.equal(sourceFingerprint(`${blob}?${SAS_QUERY}`), blob);
  });
});

describe("configFileName with a staged configuration", () => {
  it("does not warn that there is no configuration link when config.path is staged", async () => {
    const warnings = await warningsOf(async () => {
      const { h, publish } = await setup();
      publish("v", { config: { path: configFolder }, configFileName: "settings.json" });
      await h.settle();
    });
    assert.deepEqual(
      warnings.filter((w) => /configFileName/.test(w)),
      [],
    );
  });

  it("still warns when there is no configuration at all", async () => {
    const warnings = await warningsOf(async () => {
      const { h, publish } = await setup();
      publish("v", { configFileName: "settings.json" });
      await h.settle();
    });
    assert.ok(
      warnings.some((w) => /^configFileName: .*no defaultConfigurationLink/.test(w)),
      `got ${warnings}`,
    );
  });
});

describe("PackageStorage sku", () => {
  it("refuses Premium_LRS: a premium StorageV2 account holds page blobs only", async () => {
    const h = await freshRuntime();
    const problems = await rejected(
      h,
      () =>
        new PackageStorage("s", {
          resourceGroupName: "rg",
          sku: "Premium_LRS" as "Standard_LRS",
        }),
    );
    const problem = problems.find((p) => p.field === "sku");
    assert.ok(problem);
    assert.match(problem.message, /page blobs only/);
    assert.match(problem.fix, /Standard_LRS/);
  });
});

describe("AppGallery options", () => {
  it("refuses a sharing permission outside Private, Groups, Community", async () => {
    const h = await freshRuntime();
    const problems = await rejected(
      h,
      () =>
        new AppGallery("g", {
          resourceGroupName: "rg",
          sharing: { permissions: "Public" as "Private" },
        }),
    );
    const problem = problems.find((p) => p.field === "sharing.permissions");
    assert.ok(problem);
    assert.match(problem.fix, /"Private", "Groups", "Community"/);
  });

  it("honours the component's protect: false option; the protect argument wins over it", async () => {
    const h = await freshRuntime();
    new AppGallery("off", { resourceGroupName: "rg" }, { protect: false });
    new AppGallery("arg", { resourceGroupName: "rg", protect: true }, { protect: false });
    new AppGallery("default", { resourceGroupName: "rg" });
    await h.settle();
    const protect = (name: string) => byName(h, `${name}-gallery`).protect;
    assert.deepEqual(["off", "arg", "default"].map(protect), [false, true, true]);
  });
});
