import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { VmApplication } from "../../sdk/components/application/vmApplication";
import { VmAppsComponentError } from "../../sdk/components/errors";
import { AppGallery } from "../../sdk/components/gallery/appGallery";
import { existingIn, freshRuntime, resolved, SUBSCRIPTION } from "./harness";

const GALLERY = "azure-native:compute:Gallery";
const APPLICATION = "azure-native:compute:GalleryApplication";
const galleryId = (rg: string, name: string) =>
  `/subscriptions/${SUBSCRIPTION}/resourceGroups/${rg}/providers/Microsoft.Compute/galleries/${name}`;

function fields(err: unknown): string[] {
  assert.ok(err instanceof VmAppsComponentError, `expected VmAppsComponentError, got ${err}`);
  return err.problems.filter((p) => p.severity === "error").map((p) => p.field);
}

describe("AppGallery", () => {
  const community = {
    publisherUri: "https://contoso.example",
    publisherContact: "apps@contoso.example",
    publicNamePrefix: "contoso",
  };
  for (const [permissions, sent] of [
    ["Groups", false],
    ["Private", false],
    ["Community", true],
  ] as const) {
    for (const known of [true, false]) {
      it(`sends communityGalleryInfo ${sent ? "with" : "never with"} ${permissions} sharing (${known ? "plain" : "Output"})`, async () => {
        const h = await freshRuntime();
        new AppGallery("g", {
          resourceGroupName: "rg",
          location: "westeurope",
          sharing: {
            permissions: (known
              ? permissions
              : pulumi.output(permissions)) as unknown as typeof permissions,
            community,
          },
        });
        await h.settle();
        const profile = h.one(GALLERY).inputs.sharingProfile as Record<string, unknown>;
        assert.equal(profile.permissions, permissions);
        assert.deepEqual(profile.communityGalleryInfo, sent ? community : undefined);
      });
    }
  }

  it("creates a protected gallery named from the component, with description, sharing and soft delete", async () => {
    const h = await freshRuntime();
    const gallery = new AppGallery("team-apps", {
      resourceGroupName: "rg-apps",
      location: "westeurope",
      description: "Team applications",
      sharing: { permissions: "Groups" },
      softDelete: true,
    });
    assert.equal(await resolved(gallery.galleryName), "team_apps");
    await h.settle();
    const created = h.one(GALLERY);
    assert.equal(created.name, "team-apps-gallery");
    assert.equal(created.parent, h.one("vmapps:index:AppGallery").urn);
    assert.equal(created.protect, true);
    assert.deepEqual(created.inputs, {
      resourceGroupName: "rg-apps",
      location: "westeurope",
      galleryName: "team_apps",
      description: "Team applications",
      sharingProfile: { permissions: "Groups" },
      softDeletePolicy: { isSoftDeleteEnabled: true },
    });
    assert.equal(await resolved(gallery.id), galleryId("rg-apps", "team_apps"));
    assert.equal(await resolved(gallery.location), "westeurope");
  });

  it("protect: false opts out of deletion protection", async () => {
    const h = await freshRuntime();
    new AppGallery("g", { resourceGroupName: "rg", name: "g1", protect: false });
    await h.settle();
    assert.equal(h.one(GALLERY).protect, false);
  });

  it("adopts an existing gallery by id: reads it, creates nothing", async () => {
    const h = await freshRuntime();
    const id = galleryId("rg-shared", "shared.gallery");
    const gallery = new AppGallery("shared", { existing: { galleryId: id } });
    assert.equal(await resolved(gallery.galleryName), "shared.gallery");
    assert.equal(await resolved(gallery.resourceGroupName), "rg-shared");
    await h.settle();
    const read = h.one(GALLERY);
    assert.equal(read.read, true);
    assert.equal(read.readId, id);
  });

  it("rejects a hyphenated name, a community gallery without publisher info and no resource group, registering nothing", async () => {
    const h = await freshRuntime();
    assert.throws(
      () => new AppGallery("g", { name: "my-gallery", sharing: { permissions: "Community" } }),
      (err: unknown) => {
        assert.deepEqual(fields(err).sort(), ["name", "resourceGroupName", "sharing.community"]);
        return true;
      },
    );
    await h.settle();
    assert.deepEqual(h.resources, []);
  });
});

describe("VmApplication", () => {
  it("creates the application in the gallery's resource group and location, parented to the component", async () => {
    const h = await freshRuntime();
    const gallery = new AppGallery("g", {
      resourceGroupName: "rg",
      name: "apps",
      location: "swedencentral",
    });
    const app = new VmApplication("hello", {
      gallery,
      supportedOsType: "Linux",
      description: "Hello",
      eula: "MIT",
      endOfLifeDate: "2030-01-01T00:00:00Z",
      customActions: [{ name: "reset", script: "reset.sh" }],
    });
    assert.equal(await resolved(app.applicationName), "hello");
    await h.settle();
    const created = h.one(APPLICATION);
    assert.equal(created.name, "hello-application");
    assert.equal(created.parent, h.one("vmapps:index:VmApplication").urn);
    assert.deepEqual(created.inputs, {
      resourceGroupName: "rg",
      galleryName: "apps",
      galleryApplicationName: "hello",
      location: "swedencentral",
      supportedOSType: "Linux",
      description: "Hello",
      eula: "MIT",
      endOfLifeDate: "2030-01-01T00:00:00Z",
      customActions: [{ name: "reset", script: "reset.sh" }],
    });
    assert.equal(await resolved(app.supportedOsType), "Linux");
  });

  it("takes a gallery by id, reading its location from Azure", async () => {
    const h = await freshRuntime({ call: existingIn("northeurope") });
    const app = new VmApplication("tool", {
      galleryId: galleryId("rg-x", "gal"),
      name: "tool.cli",
      supportedOsType: "Windows",
    });
    assert.equal(await resolved(app.location), "northeurope");
    await h.settle();
    const created = h.one(APPLICATION);
    assert.equal(created.inputs.galleryName, "gal");
    assert.equal(created.inputs.resourceGroupName, "rg-x");
    assert.equal(created.inputs.galleryApplicationName, "tool.cli");
    assert.equal(created.inputs.location, "northeurope");
    assert.equal(h.ofType(GALLERY).length, 0);
  });

  it("rejects neither gallery nor galleryId, a bad name and a bad OS in one error, registering nothing", async () => {
    const h = await freshRuntime();
    assert.throws(
      () =>
        new VmApplication("x", {
          name: "bad name!",
          // biome-ignore lint/suspicious/noExplicitAny: an invalid value from an untyped caller
          supportedOsType: "MacOS" as any,
        }),
      (err: unknown) => {
        assert.deepEqual(fields(err).sort(), ["gallery", "name", "supportedOsType"]);
        return true;
      },
    );
    assert.throws(
      () => new VmApplication("y", { galleryId: "/not/an/id", supportedOsType: "Linux" }),
      (err: unknown) => fields(err).includes("galleryId"),
    );
    await h.settle();
    assert.deepEqual(h.resources, []);
  });
});
