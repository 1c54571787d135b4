import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { loadSwagger, requestBodyProblems, SPECS } from "./swagger";

const VERSION_PATH =
  "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/galleries/g/applications/a/versions/1.0.0";
const example = (file: string) =>
  JSON.parse(readFileSync(join(SPECS, "examples", file), "utf8")).parameters;

describe("tests/arm/swagger: the request body checker", () => {
  const swagger = loadSwagger();

  it("accepts Azure's own request examples", () => {
    const create = example("GalleryApplicationVersion_Create.json").galleryApplicationVersion;
    const update = example("GalleryApplicationVersion_Update.json").galleryApplicationVersion;
    assert.deepEqual(requestBodyProblems(swagger, "PUT", VERSION_PATH, create), []);
    assert.deepEqual(requestBodyProblems(swagger, "PATCH", VERSION_PATH, update), []);
  });

  it("finds what a careless client sends: read-only, unknown, mistyped, misspelt, missing", () => {
    const body = structuredClone(
      example("GalleryApplicationVersion_Create.json").galleryApplicationVersion,
    );
    body.id = "/x";
    body.properties.provisioningState = "Succeeded";
    body.properties.publishingProfile.targetRegions[0].regionalReplicaCount = "2";
    body.properties.publishingProfile.targetRegions[0].storageAccountType = "standard_lrs";
    body.properties.publishingProfile.replicaCountt = 1;
    delete body.properties.publishingProfile.source;
    delete body.location;
    assert.deepEqual(requestBodyProblems(swagger, "PUT", VERSION_PATH, body).sort(), [
      "GalleryApplicationVersions_CreateOrUpdate body.id: read-only, must not be sent",
      "GalleryApplicationVersions_CreateOrUpdate body.location: required, missing",
      "GalleryApplicationVersions_CreateOrUpdate body.properties.provisioningState: read-only, must not be sent",
      "GalleryApplicationVersions_CreateOrUpdate body.properties.publishingProfile.replicaCountt: not a property of this schema",
      "GalleryApplicationVersions_CreateOrUpdate body.properties.publishingProfile.source: required, missing",
      "GalleryApplicationVersions_CreateOrUpdate body.properties.publishingProfile.targetRegions[0].regionalReplicaCount: expected integer, got string",
      'GalleryApplicationVersions_CreateOrUpdate body.properties.publishingProfile.targetRegions[0].storageAccountType: "standard_lrs" is not one of Standard_LRS, Standard_ZRS, Premium_LRS, PremiumV2_LRS',
    ]);
  });

  it("names a request that is no operation of the Swagger", () => {
    assert.deepEqual(requestBodyProblems(swagger, "POST", "/nowhere", {}), [
      "POST /nowhere: no such operation in the Swagger",
    ]);
  });

  it("the copies in tests/arm/specs equal ../shared/specs, where that folder is", function () {
    const shared = join(__dirname, "..", "..", "..", "shared", "specs");
    if (!existsSync(shared)) this.skip();
    const copies = [
      "GalleryRP-2024-03-03.json",
      ...readdirSync(join(SPECS, "examples")).map((file) => join("examples", file)),
    ];
    for (const file of copies) {
      assert.equal(
        readFileSync(join(SPECS, file), "utf8"),
        readFileSync(join(shared, file), "utf8"),
        file,
      );
    }
  });
});
