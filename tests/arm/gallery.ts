/**
 * Gallery version routes for the fake ARM server (server.ts): application and image versions
 * built from Azure's published examples (specs/examples), each with its own scenario.
 *
 * - GET a version, with `$expand=ReplicationStatus` answering the scenario's next status (the
 *   last one repeats), without it answering no status, as ARM does.
 * - PUT and PATCH a version as long-running operations: 201/200 with `Azure-AsyncOperation`,
 *   whose URL answers InProgress `pollsBeforeDone` times, then Succeeded (or the scenario's
 *   failure); only then does the version change and its replication start over from
 *   `afterUpdate`.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { AzureReplicationStatus } from "../../sdk/core/shared/status/replicationStatus";
import { type ArmReply, type ArmRequest, armError, type FakeArm } from "./server";
import { SPECS } from "./swagger";

export const SUBSCRIPTION = "11111111-2222-3333-4444-555555555555";
export const GALLERY_API_VERSION = "2024-03-03";

type Json = Record<string, unknown>;

export interface VersionScenario {
  /** Statuses answered to successive GETs with $expand=ReplicationStatus; the last repeats. */
  statuses: AzureReplicationStatus[];
  /** Statuses once an update has succeeded. @default every target region Completed */
  afterUpdate?: (resource: Json) => AzureReplicationStatus[];
  /** Polls answered InProgress before the operation ends. @default 1 */
  pollsBeforeDone?: number;
  /** Retry-After (seconds) on an update and on its polls. @default 0 */
  retryAfter?: number;
  /** Ends every update Failed with this error. */
  failUpdate?: { code: string; message: string };
}

export interface FakeVersion {
  id: string;
  /** The resource as ARM holds it, without its replication status. */
  resource: Json;
  scenario: VersionScenario;
  /** Each update's method and body, in order. */
  updates: Array<{ method: string; body: Json }>;
  /** GETs answered so far with $expand=ReplicationStatus. */
  statusReads: number;
}

export interface TargetRegion {
  name: string;
  regionalReplicaCount?: number;
  storageAccountType?: string;
  excludeFromLatest?: boolean;
}

export interface VersionOptions {
  resourceGroup?: string;
  gallery?: string;
  /** The application (or image definition) name. */
  definition?: string;
  version?: string;
  location?: string;
  targetRegions: TargetRegion[];
  /** The package SAS URL (application versions). */
  mediaLink?: string;
  allowDeletionOfReplicatedLocations?: boolean;
  tags?: Record<string, string>;
  scenario: VersionScenario;
}

function example(file: string): Json {
  const parsed = JSON.parse(readFileSync(join(SPECS, "examples", file), "utf8"));
  return structuredClone(parsed.responses["200"].body) as Json;
}

export const allCompleted = (regions: ReadonlyArray<{ name: string }>): AzureReplicationStatus => ({
  aggregatedState: "Completed",
  summary: regions.map((r) => ({ region: r.name, state: "Completed", details: "", progress: 100 })),
});

const completedAfterUpdate = (resource: Json) => [
  allCompleted(
    ((resource.properties as Json).publishingProfile as Json).targetRegions as TargetRegion[],
  ),
];

/** The fake gallery behind one fake ARM server: add versions, then point the client at it. */
export class FakeGallery {
  readonly versions = new Map<string, FakeVersion>();
  private readonly operations = new Map<
    string,
    { version: FakeVersion; next: Json; polls: number }
  >();

  constructor(server: FakeArm) {
    const version =
      /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Compute\/galleries\/[^/]+\/(applications|images)\/[^/]+\/versions\/[^/]+$/;
    server.route(
      { method: "GET", path: version, handle: (request) => this.get(request) },
      { method: "PUT", path: version, handle: (request) => this.update(request, "PUT") },
      { method: "PATCH", path: version, handle: (request) => this.update(request, "PATCH") },
      {
        method: "GET",
        path: /^\/subscriptions\/[^/]+\/providers\/Microsoft\.Compute\/locations\/[^/]+\/capsOperations\/([^/]+)$/,
        handle: (_request, match) => this.poll(match[1] as string),
      },
    );
  }

  /** An application version from GalleryApplicationVersion_Get_WithReplicationStatus.json. */
  addApplicationVersion(options: VersionOptions): FakeVersion {
    const resource = example("GalleryApplicationVersion_Get_WithReplicationStatus.json");
    const id = this.idFor("applications", options);
    const profile = (resource.properties as Json).publishingProfile as Json;
    if (options.mediaLink) (profile.source as Json).mediaLink = options.mediaLink;
    return this.add(id, resource, options);
  }

  /** An image version from GalleryImageVersion_Get_WithReplicationStatus.json. */
  addImageVersion(options: VersionOptions): FakeVersion {
    const resource = example("GalleryImageVersion_Get_WithReplicationStatus.json");
    return this.add(this.idFor("images", options), resource, options);
  }

  private idFor(kind: "applications" | "images", options: VersionOptions): string {
    return [
      `/subscriptions/${SUBSCRIPTION}/resourceGroups/${options.resourceGroup ?? "rg-apps"}`,
      `providers/Microsoft.Compute/galleries/${options.gallery ?? "gallery"}`,
      `${kind}/${options.definition ?? "agent"}/versions/${options.version ?? "1.0.0"}`,
    ].join("/");
  }

  private add(id: string, resource: Json, options: VersionOptions): FakeVersion {
    const properties = resource.properties as Json;
    delete properties.replicationStatus;
    const profile = properties.publishingProfile as Json;
    profile.targetRegions = structuredClone(options.targetRegions);
    (properties.safetyProfile as Json).allowDeletionOfReplicatedLocations =
      options.allowDeletionOfReplicatedLocations ?? true;
    Object.assign(resource, {
      id,
      name: options.version ?? "1.0.0",
      location: options.location ?? "westeurope",
      ...(options.tags && { tags: options.tags }),
    });
    const version: FakeVersion = {
      id,
      resource,
      scenario: options.scenario,
      updates: [],
      statusReads: 0,
    };
    this.versions.set(id.toLowerCase(), version);
    return version;
  }

  private find(path: string): FakeVersion | undefined {
    return this.versions.get(path.toLowerCase());
  }

  private get(request: ArmRequest): ArmReply {
    const version = this.find(request.path);
    if (!version)
      return armError(404, "ResourceNotFound", `The resource ${request.path} was not found.`);
    const body = structuredClone(version.resource);
    if (request.query.get("$expand") === "ReplicationStatus") {
      const statuses = version.scenario.statuses;
      const status = statuses[Math.min(version.statusReads, statuses.length - 1)];
      version.statusReads++;
      if (status) (body.properties as Json).replicationStatus = structuredClone(status);
    }
    return { status: 200, body };
  }

  private update(request: ArmRequest, method: "PUT" | "PATCH"): ArmReply {
    const version = this.find(request.path);
    if (!version)
      return armError(404, "ResourceNotFound", `The resource ${request.path} was not found.`);
    const body = request.body as Json;
    version.updates.push({ method, body: structuredClone(body) });
    const next = structuredClone(version.resource);
    if (method === "PUT") {
      next.properties = { ...structuredClone(body.properties as Json) };
      if (body.tags) next.tags = body.tags;
    } else {
      Object.assign(next.properties as Json, structuredClone(body.properties as Json));
    }
    const operation = randomUUID();
    this.operations.set(operation, { version, next, polls: 0 });
    const answered = structuredClone(next);
    (answered.properties as Json).provisioningState = "Updating";
    const location = String(version.resource.location).replace(/\s+/g, "").toLowerCase();
    const subscription = version.id.split("/")[2];
    const retryAfter = String(version.scenario.retryAfter ?? 0);
    return {
      status: method === "PUT" ? 201 : 200,
      body: answered,
      headers: {
        "Azure-AsyncOperation": `https://${request.headers.host}/subscriptions/${subscription}/providers/Microsoft.Compute/locations/${location}/capsOperations/${operation}?api-version=${GALLERY_API_VERSION}`,
        "Retry-After": retryAfter,
      },
    };
  }

  private poll(id: string): ArmReply {
    const operation = this.operations.get(id);
    if (!operation) return armError(404, "OperationNotFound", `No operation ${id}.`);
    const { version, next } = operation;
    const headers = { "Retry-After": String(version.scenario.retryAfter ?? 0) };
    operation.polls++;
    const started = { name: id, startTime: "2025-01-01T00:00:00Z" };
    if (operation.polls <= (version.scenario.pollsBeforeDone ?? 1)) {
      return { status: 200, body: { ...started, status: "InProgress" }, headers };
    }
    const failure = version.scenario.failUpdate;
    if (failure) return { status: 200, body: { ...started, status: "Failed", error: failure } };
    if (this.operations.delete(id)) {
      (next.properties as Json).provisioningState = "Succeeded";
      version.resource = next;
      version.scenario.statuses = (version.scenario.afterUpdate ?? completedAfterUpdate)(next);
      version.statusReads = 0;
    }
    return {
      status: 200,
      body: { ...started, status: "Succeeded", endTime: "2025-01-01T00:01:00Z" },
    };
  }
}
