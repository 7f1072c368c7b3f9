// A real HTTP server in front of a route handler, for faults only HTTP shows (a client that disconnects). Between the
// socket and the handler it does what `next start` does for an app route, with Next's own code: the request's signal
// aborts when the client disconnects before the response is complete, and the response body is piped to the socket,
// cancelled if the client goes while it streams and never read if the client went before it was returned.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { pipeToNodeResponse } from "next/dist/server/pipe-readable.js";
import { signalFromNodeResponse } from "next/dist/server/web/spec-extension/adapters/next-request.js";

type RouteHandler<Params> = (request: Request, context: { params: Promise<Params> }) => Promise<Response>;

export interface RouteServer {
  /** The server's origin, e.g. http://127.0.0.1:41234 */
  origin: string;
  /** Resolves once the server has received this many requests in all. */
  received(count: number): Promise<void>;
  close(): Promise<void>;
}

const headersOf = (request: IncomingMessage) => new Headers(Object.entries(request.headers).flatMap(([name, value]) => (typeof value === "string" ? [[name, value]] : [])));

/** Serves `handler` at `pattern`, a path with `{param}` segments (e.g. /api/v1/projects/{projectId}/export); other paths answer 404. */
export async function serveRoute<Params extends Record<string, string>>(pattern: string, handler: RouteHandler<Params>): Promise<RouteServer> {
  const route = new RegExp(`^${pattern.replace(/\{(\w+)\}/g, "(?<$1>[^/]+)")}$`);
  let requests = 0;
  const counted: { count: number; resolve: () => void }[] = [];
  const server: Server = createServer((incoming, outgoing) => {
    requests++;
    for (const waiter of counted.filter((candidate) => candidate.count === requests)) waiter.resolve();
    const url = new URL(incoming.url ?? "/", "http://127.0.0.1");
    const params = route.exec(url.pathname)?.groups;
    if (!params) return void outgoing.writeHead(404).end();
    const request = new Request(url, { method: incoming.method, headers: headersOf(incoming), signal: signalFromNodeResponse(outgoing) });
    void handler(request, { params: Promise.resolve(params as Params) }).then(async (response) => {
      outgoing.statusCode = response.status;
      response.headers.forEach((value, name) => outgoing.setHeader(name, value));
      if (response.body) await pipeToNodeResponse(response.body, outgoing);
      else outgoing.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received: (count) => (requests >= count ? Promise.resolve() : new Promise((resolve) => counted.push({ count, resolve }))),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
