/**
 * A local HTTPS stand-in for Azure Resource Manager, for tests that drive the real
 * @azure/arm-compute client (or the spawned `vmapps` command) without Azure.
 *
 * - HTTPS on 127.0.0.1, a free port, a throw-away self-signed certificate (as tools/azurite.ts
 *   makes for Azurite): `caCert` for an in-process client, `caFile` for NODE_EXTRA_CA_CERTS.
 * - A route table: each route is a method, a path pattern and a handler that answers from the
 *   test's own state. tests/arm/gallery.ts adds the gallery version routes; other resources
 *   (scale sets, VMs) add theirs with `server.route(...)`.
 * - Every request is recorded (method, path, query, headers, parsed body, time) so that a test
 *   can check what was sent, and `bodyProblems()` checks every body against the Swagger.
 * - `throttle(n, seconds)` answers the next n requests 429 with Retry-After, as ARM does.
 * - Requests without `Authorization: Bearer <token>` are refused 401 when `token` is set.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateSelfSignedCert } from "../../tools/azurite";
import { loadSwagger, requestBodyProblems, type Swagger } from "./swagger";

export interface ArmRequest {
  method: string;
  /** Path without the query, as sent (ARM ids keep their case). */
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage["headers"];
  /** The JSON body, parsed; undefined when none was sent. */
  body: unknown;
  /** When it arrived (Date.now()). */
  at: number;
  /** The status it was answered with. */
  status?: number;
}

export interface ArmReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type ArmHandler = (
  request: ArmRequest,
  match: RegExpExecArray,
) => ArmReply | Promise<ArmReply>;

export interface ArmRoute {
  method: string;
  /** Matched against the path, case-insensitively as ARM does. */
  path: RegExp;
  handle: ArmHandler;
}

export interface FakeArm {
  /** https://127.0.0.1:<port>, what `--arm-endpoint` takes. */
  url: string;
  caCert: string;
  /** The certificate as a file, for NODE_EXTRA_CA_CERTS of a spawned command. */
  caFile: string;
  /** The bearer token the server accepts. */
  token: string;
  requests: ArmRequest[];
  /** Adds routes; later routes are tried first, so a test can override a default answer. */
  route(...routes: ArmRoute[]): void;
  /** The next `count` requests get 429 with `Retry-After: seconds`. */
  throttle(count: number, seconds: number): void;
  /** Problems of every recorded request body against the Swagger (empty when all conform). */
  bodyProblems(): string[];
  /** Forgets the recorded requests (between steps of one test). */
  reset(): void;
  stop(): Promise<void>;
}

export interface FakeArmOptions {
  /** Accepted bearer token. @default "fake-arm-token" */
  token?: string;
  swagger?: Swagger;
}

/** ARM's error body. */
export function armError(status: number, code: string, message: string): ArmReply {
  return { status, body: { error: { code, message } } };
}

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  return text === "" ? undefined : JSON.parse(text);
}

export async function startFakeArm(options: FakeArmOptions = {}): Promise<FakeArm> {
  const dir = mkdtempSync(join(tmpdir(), "vmapps-fake-arm-"));
  const caFile = join(dir, "cert.pem");
  const keyFile = join(dir, "key.pem");
  generateSelfSignedCert(caFile, keyFile);
  const caCert = readFileSync(caFile, "utf8");
  const token = options.token ?? "fake-arm-token";
  const swagger = options.swagger ?? loadSwagger();
  const routes: ArmRoute[] = [];
  const requests: ArmRequest[] = [];
  let throttled = { count: 0, seconds: 0 };

  async function answer(incoming: IncomingMessage): Promise<ArmReply> {
    const url = new URL(incoming.url ?? "/", "https://127.0.0.1");
    const request: ArmRequest = {
      method: incoming.method ?? "GET",
      path: url.pathname,
      query: url.searchParams,
      headers: incoming.headers,
      body: await readBody(incoming),
      at: Date.now(),
    };
    requests.push(request);
    const reply = await route(request);
    request.status = reply.status;
    return reply;
  }

  async function route(request: ArmRequest): Promise<ArmReply> {
    if (request.headers.authorization !== `Bearer ${token}`) {
      return armError(401, "InvalidAuthenticationToken", "The access token is invalid.");
    }
    if (throttled.count > 0) {
      throttled.count--;
      return {
        ...armError(429, "TooManyRequests", "The request is being throttled."),
        headers: { "Retry-After": String(throttled.seconds) },
      };
    }
    for (const candidate of [...routes].reverse()) {
      if (candidate.method !== request.method) continue;
      const match = new RegExp(candidate.path.source, "i").exec(request.path);
      if (match) return candidate.handle(request, match);
    }
    return armError(
      404,
      "NotFound",
      `The fake ARM server has no route for ${request.method} ${request.path}.`,
    );
  }

  const server = createServer(
    { cert: caCert, key: readFileSync(keyFile) },
    (incoming, outgoing) => {
      answer(incoming).then(
        (reply) => send(outgoing, reply),
        (error: unknown) => send(outgoing, armError(500, "FakeArmFailure", String(error))),
      );
    },
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `https://127.0.0.1:${port}`,
    caCert,
    caFile,
    token,
    requests,
    route: (...added) => routes.push(...added),
    throttle: (count, seconds) => {
      throttled = { count, seconds };
    },
    bodyProblems: () =>
      requests
        .filter((request) => request.body !== undefined)
        .flatMap((request) =>
          requestBodyProblems(swagger, request.method, request.path, request.body),
        ),
    reset: () => {
      requests.length = 0;
    },
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function send(outgoing: ServerResponse, reply: ArmReply): void {
  const body = reply.body === undefined ? "" : JSON.stringify(reply.body);
  outgoing.writeHead(reply.status, {
    "Content-Type": "application/json; charset=utf-8",
    "x-ms-request-id": randomUUID(),
    ...reply.headers,
  });
  outgoing.end(body);
}
