/**
 * A loopback reverse proxy in front of Azurite that misbehaves on purpose: it answers some
 * requests with a status of its choosing, resets the connection, or never answers ("hang": an
 * upload stuck mid-way, until the client gives up or the proxy closes), before they reach Azurite.
 */
import { createServer, request as forward, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type Fault = "pass" | "reset" | "hang" | number;

export interface FaultProxy {
  /** Same path shape as the upstream endpoint, through the proxy. */
  endpoint: string;
  counts: { requests: number; faults: number; maxInFlight: number };
  close(): Promise<void>;
}

/**
 * `decide` sees every request (method, URL, sequence number) and says what to do with it.
 * Request bodies are drained before a fault, like a server that read and then failed.
 */
export async function startFaultProxy(
  upstream: string,
  decide: (request: IncomingMessage, sequence: number) => Fault,
): Promise<FaultProxy> {
  const target = new URL(upstream);
  const counts = { requests: 0, faults: 0, maxInFlight: 0 };
  let inFlight = 0;
  const server: Server = createServer((request, response) => {
    const fault = decide(request, counts.requests++);
    inFlight++;
    counts.maxInFlight = Math.max(counts.maxInFlight, inFlight);
    response.on("close", () => inFlight--);
    if (fault !== "pass") {
      counts.faults++;
      request.resume();
      if (fault === "hang") return;
      request.on("end", () => {
        if (fault === "reset") request.socket.destroy();
        else
          response
            .writeHead(fault, { "content-type": "application/xml" })
            .end(`<Error><Code>Injected${fault}</Code></Error>`);
      });
      return;
    }
    const upstreamRequest = forward(
      {
        host: target.hostname,
        port: target.port,
        method: request.method,
        path: request.url,
        headers: { ...request.headers, host: target.host },
      },
      (upstreamResponse) => {
        response.writeHead(upstreamResponse.statusCode ?? 502, upstreamResponse.headers);
        upstreamResponse.pipe(response);
      },
    );
    upstreamRequest.on("error", () => response.destroy());
    request.pipe(upstreamRequest);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}${target.pathname.replace(/\/$/, "")}`,
    counts,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
