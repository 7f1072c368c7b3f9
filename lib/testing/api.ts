// Calls /api/v1 route handlers in-process, as a client with an API token would: the same handlers,
// authentication, validation and responses as over HTTP, without a server.

type RouteHandler<Params> = (request: Request, context: { params: Promise<Params> }) => Promise<Response>;

export interface ApiCall {
  <Params>(handler: RouteHandler<Params>, params: Params, path: string, init?: RequestInit): Promise<Response>;
}

/** A client for one API token; `path` is what follows /api/v1 (with its query). */
export function apiClient(token: string): ApiCall {
  return (handler, params, path, init = {}) => {
    const headers = new Headers(init.headers);
    headers.set("authorization", `Bearer ${token}`);
    if (typeof init.body === "string" && !headers.has("content-type")) headers.set("content-type", "application/json");
    return handler(new Request(`http://concord.test/api/v1${path}`, { ...init, headers }), { params: Promise.resolve(params) });
  };
}

/** The JSON body of a response that must have the given status (the body is in the error when not). */
export async function expectJson<T>(response: Response, status: number): Promise<T> {
  const text = await response.text();
  if (response.status !== status) throw new Error(`Expected HTTP ${status}, got ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : null) as T;
}
