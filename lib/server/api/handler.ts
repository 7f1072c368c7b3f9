import { randomUUID } from "node:crypto";
import { NextResponse } from "next/server";
import { resolveCaller, type Caller } from "../auth/caller";
import { sessionClaims } from "../auth/session";
import { currentTarget } from "../db/client";
import { explainDatabaseFailure } from "../db/adapter";
import { AppError } from "../errors";
import { requireSameOrigin } from "./request-guards";

export { contentType, JSON_LINES_TYPES, jsonBody, jsonLinesBody } from "./request-guards";

export interface ApiErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

export function errorResponse(thrown: unknown): NextResponse<ApiErrorBody> {
  // A statement past DATABASE_STATEMENT_TIMEOUT_SECONDS, or a lost database connection, is a 503 on every route.
  const error = explainDatabaseFailure(thrown, currentTarget());
  if (error instanceof AppError) {
    const headers = new Headers();
    if (error.code === "unauthorized") headers.set("WWW-Authenticate", 'Bearer realm="concord"');
    if (typeof error.details?.retryAfterSeconds === "number") headers.set("Retry-After", String(error.details.retryAfterSeconds));
    if (error.code === "range_not_satisfiable") headers.set("Content-Range", `bytes */${error.details?.size}`);
    return NextResponse.json(
      { error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) } },
      { status: error.status, headers },
    );
  }
  // Internal details go to the server log under an id the caller can quote.
  const incident = randomUUID();
  console.error(`[api] incident ${incident}`, error);
  return NextResponse.json({ error: { code: "internal", message: `Something went wrong on the server (incident ${incident}).` } }, { status: 500 });
}

type RouteContext<Params> = { params: Promise<Params> };

interface HandlerInput<Params> {
  request: Request;
  caller: Caller;
  params: Params;
}

/**
 * Wraps an authenticated /api/v1 route handler: resolves the caller (API token or session) and maps
 * errors to JSON. A request that changes data with the session cookie must come from Concord's own pages
 * (an API token is not sent by browsers on their own, so token requests need no such check). The handler
 * body is left with parse → service → respond; project roles are checked by the service or with requireProjectRole.
 */
export function authenticated<Params = Record<string, never>>(handler: (input: HandlerInput<Params>) => Promise<Response>) {
  return async (request: Request, context: RouteContext<Params>): Promise<Response> => {
    try {
      const authorization = request.headers.get("authorization");
      if (!authorization) requireSameOrigin(request);
      const caller = await resolveCaller(authorization, authorization ? null : await sessionClaims());
      return await handler({ request, caller, params: await context.params });
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/** The same error mapping for the few routes anyone may call. */
export function open(handler: (request: Request) => Promise<Response>) {
  return async (request: Request): Promise<Response> => {
    try {
      return await handler(request);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/**
 * For the routes outside /api/v1 that change the session with cookies (next-auth's sign-in and sign-out): only
 * from Concord's own pages. next-auth's CSRF token is checked against a cookie, which a page on another port of
 * the same host can set.
 */
export function sameOriginOnly<Rest extends unknown[]>(handler: (request: Request, ...rest: Rest) => Promise<Response>) {
  return async (request: Request, ...rest: Rest): Promise<Response> => {
    try {
      requireSameOrigin(request);
    } catch (error) {
      return errorResponse(error);
    }
    return handler(request, ...rest);
  };
}
