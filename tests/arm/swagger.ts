/**
 * A small checker of request bodies against an OpenAPI 2.0 (Swagger) definition such as the
 * GalleryRP one in specs/: finds the operation by method and path, then checks the body against
 * the operation's body schema. Stricter than ARM on purpose, so a test sees what a careless
 * client would get away with: a property the schema does not name, a read-only property sent
 * back, a wrong type or enum spelling, a missing required property.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  required?: string[];
  items?: Schema;
  allOf?: Schema[];
  readOnly?: boolean;
}

interface Operation {
  operationId: string;
  parameters?: Array<{ in?: string; schema?: Schema; $ref?: string }>;
}

export interface Swagger {
  paths: Record<string, Record<string, Operation>>;
  definitions: Record<string, Schema>;
}

/**
 * The one definition kept outside the file (`../common-types/.../types.json`): ARM's
 * TrackedResource, written out from the common types (id, name, type read-only; location
 * required; tags).
 */
const COMMON: Record<string, Schema> = {
  TrackedResource: {
    type: "object",
    properties: {
      id: { type: "string", readOnly: true },
      name: { type: "string", readOnly: true },
      type: { type: "string", readOnly: true },
      systemData: { type: "object", readOnly: true },
      location: { type: "string" },
      tags: { type: "object", additionalProperties: { type: "string" } },
    },
    required: ["location"],
  },
};

export const SPECS = join(__dirname, "specs");

export function loadSwagger(file = "GalleryRP-2024-03-03.json"): Swagger {
  return JSON.parse(readFileSync(join(SPECS, file), "utf8")) as Swagger;
}

function resolve(swagger: Swagger, schema: Schema): Schema {
  if (!schema.$ref) return schema;
  const name = schema.$ref.split("/").pop() as string;
  const found = schema.$ref.startsWith("#/") ? swagger.definitions[name] : COMMON[name];
  if (!found) throw new Error(`the checker cannot resolve ${schema.$ref}`);
  return resolve(swagger, found);
}

/** A schema with its allOf parents folded in: every property and required name in one place. */
function flatten(swagger: Swagger, schema: Schema): Schema {
  const own = resolve(swagger, schema);
  const parents = (own.allOf ?? []).map((parent) => flatten(swagger, parent));
  return {
    ...own,
    type: own.type ?? parents.find((p) => p.type)?.type,
    properties: Object.assign({}, ...parents.map((p) => p.properties), own.properties),
    required: [...(own.required ?? []), ...parents.flatMap((p) => p.required ?? [])],
    additionalProperties:
      own.additionalProperties ?? parents.find((p) => p.additionalProperties)?.additionalProperties,
  };
}

function typeProblem(schema: Schema, value: unknown, path: string): string | undefined {
  const actual = Array.isArray(value) ? "array" : value === null ? "null" : typeof value;
  const expected = schema.type;
  if (expected === undefined) return undefined;
  const ok =
    expected === "integer"
      ? Number.isInteger(value)
      : expected === "number"
        ? typeof value === "number"
        : expected === actual;
  return ok ? undefined : `${path}: expected ${expected}, got ${actual}`;
}

export function schemaProblems(
  swagger: Swagger,
  schema: Schema,
  value: unknown,
  path = "body",
): string[] {
  const flat = flatten(swagger, schema);
  const wrongType = typeProblem(flat, value, path);
  if (wrongType) return [wrongType];
  if (flat.enum && !flat.enum.includes(value)) {
    return [`${path}: ${JSON.stringify(value)} is not one of ${flat.enum.join(", ")}`];
  }
  if (flat.format === "date-time" && Number.isNaN(Date.parse(String(value)))) {
    return [`${path}: ${JSON.stringify(value)} is not a date-time`];
  }
  if (Array.isArray(value)) {
    return flat.items
      ? value.flatMap((item, i) =>
          schemaProblems(swagger, flat.items as Schema, item, `${path}[${i}]`),
        )
      : [];
  }
  if (value === null || typeof value !== "object") return [];
  const record = value as Record<string, unknown>;
  const problems = (flat.required ?? [])
    .filter((name) => record[name] === undefined)
    .map((name) => `${path}.${name}: required, missing`);
  for (const [name, item] of Object.entries(record)) {
    if (item === undefined) continue;
    const property = flat.properties?.[name];
    if (property) {
      const resolved = resolve(swagger, property);
      if (property.readOnly || resolved.readOnly) {
        problems.push(`${path}.${name}: read-only, must not be sent`);
      } else {
        problems.push(...schemaProblems(swagger, property, item, `${path}.${name}`));
      }
    } else if (typeof flat.additionalProperties === "object") {
      problems.push(...schemaProblems(swagger, flat.additionalProperties, item, `${path}.${name}`));
    } else if (flat.additionalProperties !== true) {
      problems.push(`${path}.${name}: not a property of this schema`);
    }
  }
  return problems;
}

/** The operation a request is, by method and path, with its body schema when it takes one. */
export function operationFor(
  swagger: Swagger,
  method: string,
  path: string,
): { operationId: string; body?: Schema } | undefined {
  for (const [template, operations] of Object.entries(swagger.paths)) {
    const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, "[^/]+")}$`, "i");
    if (!pattern.test(path)) continue;
    const operation = operations[method.toLowerCase()];
    if (!operation) continue;
    const body = operation.parameters?.find((parameter) => parameter.in === "body")?.schema;
    return { operationId: operation.operationId, body };
  }
  return undefined;
}

/** Problems of one request's body, named by its operation; an unknown operation is one too. */
export function requestBodyProblems(
  swagger: Swagger,
  method: string,
  path: string,
  body: unknown,
): string[] {
  const operation = operationFor(swagger, method, path);
  if (!operation) return [`${method} ${path}: no such operation in the Swagger`];
  if (!operation.body) {
    return body === undefined ? [] : [`${operation.operationId}: takes no body, got one`];
  }
  return schemaProblems(swagger, operation.body, body).map(
    (problem) => `${operation.operationId} ${problem}`,
  );
}
