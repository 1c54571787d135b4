import { strict as assert } from "node:assert";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import * as compute from "@pulumi/azure-native/compute";
import * as resources from "@pulumi/azure-native/resources";
import * as storage from "@pulumi/azure-native/storage";
import * as random from "@pulumi/random";
import fc from "fast-check";
import { fillPath, matchPath, pathParameters } from "../../sdk/cli/offline/armTypes";
import {
  type Answer,
  ARM_TYPES,
  answerCall,
  answerResource,
  DEFAULT_LOCATION,
  OFFLINE_SUBSCRIPTION,
  type SourceDescriber,
} from "../../sdk/cli/offline/fakeArm";
import { freshRuntime, resolved } from "../components/harness";
import { FIXTURES, ROOT, vmapps } from "./helpers";

type Inputs = Record<string, unknown>;

const ctx = { defaultLocation: DEFAULT_LOCATION };
const describeNothing: SourceDescriber = async () => {
  throw new Error("no source is described here");
};

/** A created resource's answer; the ARM types answer synchronously. */
function created(type: string, name: string, inputs: Inputs): Answer {
  return answerResource(type, name, inputs, { ...ctx, describe: describeNothing }) as Answer;
}

function read(type: string, id: string): Answer {
  return answerResource(type, "adopted", {}, { ...ctx, describe: describeNothing, id }) as Answer;
}

/** A name for every path parameter of the type, e.g. { galleryName: "galleryName-1" }. */
function namesFor(type: string): Record<string, string> {
  const path = (ARM_TYPES[type] as { path: string }).path;
  return Object.fromEntries(
    pathParameters(path)
      .filter((parameter) => parameter !== "subscriptionId" && parameter !== "scope")
      .map((parameter) => [parameter, `${parameter}-1`]),
  );
}

/**
 * An ARM resource id: a subscription, optionally a resource group, then a provider namespace and
 * type/name pairs; or an extension resource under another id (a role assignment's scope). The
 * type is the namespace plus every type segment.
 */
function armIdType(id: string): string | undefined {
  const extension = /^(\/subscriptions\/.+)\/providers\/(Microsoft\.\w+)\/(\w+)\/([^/]+)$/.exec(id);
  const tracked =
    /^\/subscriptions\/[0-9a-f-]{36}\/resourceGroups\/[^/]+\/providers\/(Microsoft\.\w+)((?:\/\w+\/[^/]+)+)$/.exec(
      id,
    );
  if (tracked) {
    const pairs = (tracked[2] as string).split("/").slice(1);
    return [tracked[1], ...pairs.filter((_, i) => i % 2 === 0)].join("/");
  }
  if (/^\/subscriptions\/[0-9a-f-]{36}\/resourceGroups\/[^/]+$/.test(id)) {
    return "Microsoft.Resources/resourceGroups";
  }
  return extension ? `${extension[2]}/${extension[3]}` : undefined;
}

describe("the fake ARM answers in Azure's shapes", () => {
  for (const [type, armType] of Object.entries(ARM_TYPES)) {
    it(`${type}: an ARM id of type ${armType.armType}, named by its last path parameter`, () => {
      const names = namesFor(type);
      const answer = created(type, "logical", names);
      assert.match(answer.id, new RegExp(`^/subscriptions/${OFFLINE_SUBSCRIPTION}/`));
      assert.equal(armIdType(answer.id), armType.armType, answer.id);
      const nameParameter = pathParameters(armType.path).at(-1) as string;
      assert.equal(answer.id.split("/").at(-1), names[nameParameter]);
      assert.equal(answer.state.name, names[nameParameter]);
      assert.equal(answer.state.type, armType.armType);
      assert.equal(answer.state.provisioningState, "Succeeded");
    });

    it(`${type}: read by id and looked up, it answers that id and the names in it`, () => {
      const names = namesFor(type);
      const id = created(type, "logical", names).id;
      const byId = read(type, id);
      assert.equal(byId.id, id);
      const lookUp = type.replace(/:(\w+)$/, ":get$1");
      const found = answerCall(lookUp, names, ctx);
      assert.equal(found.id, id, `${lookUp} answers the id, not an echo of its arguments`);
      for (const answer of [byId.state, found]) {
        assert.equal(answer.name, id.split("/").at(-1));
        assert.equal(answer.type, armType.armType);
        assert.equal(answer.location, DEFAULT_LOCATION);
      }
    });
  }

  it("an auto-named resource gets azure-native's name (logical name + suffix); a storage account's fits 24 lower-case characters", () => {
    const group = created("azure-native:resources:ResourceGroup", "rg", {});
    assert.match(String(group.state.name), /^rg[0-9a-f]{8}$/);
    const account = created("azure-native:storage:StorageAccount", "My-Packages-Account-Long", {
      resourceGroupName: "rg",
    });
    assert.match(String(account.state.name), /^[a-z0-9]{3,24}$/);
  });

  it("an id whose parent name is unknown is unknown (empty), never a made-up path", () => {
    const version = created("azure-native:compute:GalleryApplicationVersion", "v", {
      resourceGroupName: "rg",
      galleryApplicationName: "app",
      galleryApplicationVersionName: "1.0.0",
    });
    assert.equal(version.id, "");
  });

  it("getGallery answers what GalleryRP 2024-03-03's Gallery_Get example shows, flattened", async () => {
    // Gallery_Get.json, 200: { id, name, location, properties: { description, identifier:
    // { uniqueName: "{subscription-id}-MYGALLERYNAME" }, provisioningState: "Succeeded" } };
    // azure-native flattens `properties` (x-ms-client-flatten). A description exists only when
    // the gallery's owner wrote one, so the fake has none to give.
    const gallery = answerCall(
      "azure-native:compute:getGallery",
      { resourceGroupName: "myResourceGroup", galleryName: "myGalleryName" },
      ctx,
    );
    assert.deepEqual(Object.keys(gallery).sort(), [
      "azureApiVersion",
      "id",
      "identifier",
      "location",
      "name",
      "provisioningState",
      "type",
    ]);
    assert.equal(
      gallery.id,
      `/subscriptions/${OFFLINE_SUBSCRIPTION}/resourceGroups/myResourceGroup/providers/Microsoft.Compute/galleries/myGalleryName`,
    );
    assert.equal(gallery.name, "myGalleryName");
    assert.equal(gallery.type, "Microsoft.Compute/galleries");
    assert.deepEqual(gallery.identifier, { uniqueName: `${OFFLINE_SUBSCRIPTION}-MYGALLERYNAME` });
    assert.equal(gallery.provisioningState, "Succeeded");
  });

  it("getGalleryApplication answers GalleryApplication_Get's shape, with the required supportedOSType", () => {
    // GalleryApplication_Get.json, 200: { id, name, location, properties: { supportedOSType,
    // and the optional description, eula, privacyStatementUri, releaseNoteUri, customActions } }.
    const application = answerCall(
      "azure-native:compute:getGalleryApplication",
      {
        resourceGroupName: "myResourceGroup",
        galleryName: "myGalleryName",
        galleryApplicationName: "myGalleryApplicationName",
      },
      ctx,
    );
    assert.equal(
      application.id,
      `/subscriptions/${OFFLINE_SUBSCRIPTION}/resourceGroups/myResourceGroup/providers/Microsoft.Compute/galleries/myGalleryName/applications/myGalleryApplicationName`,
    );
    assert.equal(application.name, "myGalleryApplicationName");
    assert.equal(application.type, "Microsoft.Compute/galleries/applications");
    assert.equal(application.location, DEFAULT_LOCATION);
    assert.ok(["Windows", "Linux"].includes(String(application.supportedOSType)));
  });

  it("a version's replication status lists every target region as Unknown (offline nothing replicates), in ARM's ReplicationStatus shape", () => {
    const version = created("azure-native:compute:GalleryApplicationVersion", "v", {
      ...namesFor("azure-native:compute:GalleryApplicationVersion"),
      publishingProfile: { targetRegions: [{ name: "westeurope" }, { name: "eastus" }] },
    });
    assert.deepEqual(version.state.replicationStatus, {
      aggregatedState: "Unknown",
      summary: [
        { region: "westeurope", state: "Unknown" },
        { region: "eastus", state: "Unknown" },
      ],
    });
  });

  it("an id gives back the names it was made of, in any case (ARM ids are case-insensitive)", () => {
    const segment = fc.stringMatching(/^[A-Za-z0-9._-]{1,20}$/);
    const path = (ARM_TYPES["azure-native:compute:GalleryApplicationVersion"] as { path: string })
      .path;
    fc.assert(
      fc.property(segment, segment, segment, segment, (group, gallery, application, version) => {
        const names = {
          resourceGroupName: group,
          galleryName: gallery,
          galleryApplicationName: application,
          galleryApplicationVersionName: version,
        };
        const id = fillPath(path, names);
        assert.deepEqual(matchPath(path, id), { subscriptionId: OFFLINE_SUBSCRIPTION, ...names });
        assert.ok(matchPath(path, id.toUpperCase()));
        assert.equal(matchPath(path, `${id}/more`), undefined);
      }),
    );
  });

  it("a role assignment's scope is a whole id", () => {
    const type = "azure-native:authorization:RoleAssignment";
    const scope = `/subscriptions/${OFFLINE_SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.Compute/galleries/g`;
    const answer = created(type, "r", { scope, roleAssignmentName: "ra-1" });
    assert.equal(answer.id, `${scope}/providers/Microsoft.Authorization/roleAssignments/ra-1`);
    assert.equal(read(type, answer.id).state.name, "ra-1");
  });
});

/** Files under these folders that install Pulumi mocks. */
function mockInstallers(...dirs: string[]): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === "fixtures" ? [] : walk(path);
      return entry.name.endsWith(".ts") && /\bsetMocks\(/.test(readFileSync(path, "utf8"))
        ? [relative(ROOT, path).split(sep).join("/")]
        : [];
    });
  return dirs.flatMap((dir) => walk(join(ROOT, dir))).sort();
}

describe("vmapps plan and the component tests answer from the same fake ARM", () => {
  it("the plan engine and the harness are the mocks that answer Azure, both from fakeArm.ts", () => {
    assert.deepEqual(mockInstallers("sdk", "tests"), [
      "sdk/cli/offline/engine.ts",
      "tests/components/harness.ts",
      // Mocks only the package's own dynamic resource, to watch it register.
      "tests/staging/stagedBlob.test.ts",
    ]);
    const imports = /import \{([^}]*)\} from "([^"]*\/offline\/fakeArm|\.\/fakeArm)"/;
    for (const file of ["sdk/cli/offline/engine.ts", "tests/components/harness.ts"]) {
      const names = imports.exec(readFileSync(join(ROOT, file), "utf8"))?.[1] ?? "";
      assert.match(names, /\banswerResource\b/, file);
      assert.match(names, /\banswerCall\b/, file);
    }
  });

  // The tiny fixture's program, answered by hand from the fake ARM.
  const group = created("azure-native:resources:ResourceGroup", "rg", { location: "westeurope" });
  const account = created("azure-native:storage:StorageAccount", "packages", {
    resourceGroupName: group.state.name,
    location: DEFAULT_LOCATION,
  });
  const gallery = created("azure-native:compute:Gallery", "shelf-gallery", {
    resourceGroupName: group.state.name,
    galleryName: "demo_gallery",
  });
  const suffix = answerResource(
    "random:index/randomString:RandomString",
    "suffix",
    { length: 6, special: false, upper: false },
    { ...ctx, describe: describeNothing },
  ) as Answer;

  it("the harness's answers are the fake ARM's", async () => {
    const h = await freshRuntime();
    const rg = new resources.ResourceGroup("rg", { location: "westeurope" });
    const packages = new storage.StorageAccount("packages", {
      resourceGroupName: rg.name,
      kind: "StorageV2",
      sku: { name: "Standard_LRS" },
    });
    const shelf = new compute.Gallery("shelf-gallery", {
      resourceGroupName: rg.name,
      galleryName: "demo_gallery",
    });
    const word = new random.RandomString("suffix", { length: 6, special: false, upper: false });
    const found = compute.getGalleryOutput({
      resourceGroupName: "rg-x",
      galleryName: "gal",
    });
    assert.equal(await resolved(rg.id), group.id);
    assert.equal(await resolved(packages.primaryEndpoints.blob), blobOf(account));
    assert.equal(await resolved(shelf.id), gallery.id);
    assert.equal(await resolved(word.result), suffix.state.result);
    assert.deepEqual(
      await resolved(found.apply((result) => result.identifier)),
      answerCall(
        "azure-native:compute:getGallery",
        { resourceGroupName: "rg-x", galleryName: "gal" },
        ctx,
      ).identifier,
    );
    await h.settle();
  });

  it("the plan's answers are the fake ARM's", function () {
    this.timeout(120_000);
    const run = vmapps(["plan", join(FIXTURES, "tiny"), "--json", "--secret", "apiKey=x"]);
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as {
      tree: Array<{ name: string; id?: string }>;
      outputs: Record<string, unknown>;
    };
    assert.equal(report.tree.find((node) => node.name === "rg")?.id, group.id);
    assert.equal(report.outputs.galleryId, gallery.id);
    assert.equal(report.outputs.blobEndpoint, blobOf(account));
    assert.equal(report.outputs.suffixResult, suffix.state.result);
  });
});

describe("vmapps plan of a program that adopts resources by id", () => {
  let report: {
    outputs: Record<string, unknown>;
    problems: unknown[];
    versions: Array<{ application: string; location: string }>;
  };
  before(function () {
    this.timeout(120_000);
    const run = vmapps(["plan", join(FIXTURES, "adopt"), "--json"]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    report = JSON.parse(run.stdout);
  });

  it("reads a gallery and a storage account by id: their names, endpoint and location", () => {
    assert.equal(report.outputs.galleryName, "shared");
    assert.equal(report.outputs.galleryLocation, DEFAULT_LOCATION);
    assert.equal(report.outputs.blobEndpoint, "https://acct.blob.core.windows.net/");
  });

  it("looks up a gallery and an application: a version by applicationId has a location, no problem", () => {
    assert.equal(report.outputs.toolLocation, DEFAULT_LOCATION);
    assert.deepEqual(
      report.versions.map((version) => [version.application, version.location]),
      [["agent", DEFAULT_LOCATION]],
    );
    assert.deepEqual(report.problems, []);
  });
});

function blobOf(answer: Answer): unknown {
  return (answer.state.primaryEndpoints as Inputs).blob;
}
