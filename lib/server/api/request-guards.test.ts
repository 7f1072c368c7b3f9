import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { failure } from "@/lib/testing/failure";
import { jsonBody, maxJsonBytes, requireSameOrigin } from "./request-guards";

const APP = "http://localhost:3000";

function refusal(run: () => unknown): AppError | null {
  try {
    run();
    return null;
  } catch (error) {
    return error as AppError;
  }
}

const post = (headers: Record<string, string>, method = "POST") => new Request(`${APP}/api/v1/projects/p/members`, { method, headers: { host: "localhost:3000", ...headers } });

describe("a cookie-authenticated request that changes data must come from Concord's own pages (issue 19 #6)", () => {
  it.each([
    ["a page on another port of the same host", { "sec-fetch-site": "same-site", origin: "http://localhost:9911" }],
    ["another site", { "sec-fetch-site": "cross-site", origin: "https://evil.example" }],
    ["no page at all (Sec-Fetch-Site: none)", { "sec-fetch-site": "none" }],
    ["an older browser on another port (Origin only)", { origin: "http://localhost:9911" }],
    ["an older browser on another scheme's default port", { origin: "https://localhost" }],
    ["a sandboxed frame (Origin: null)", { origin: "null" }],
  ])("refuses %s with 403", (_case, headers) => {
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      const error = refusal(() => requireSameOrigin(post(headers, method), APP));
      expect(error).toBeInstanceOf(AppError);
      expect(error?.status).toBe(403);
      expect(error?.message).toMatch(/must come from Concord's own pages; this one came from .+\. Programs send an API token instead\.$/);
    }
  });

  it.each([
    ["Concord's own page", { "sec-fetch-site": "same-origin", origin: APP }],
    ["Concord's own page in an older browser", { origin: APP }],
    ["Concord behind a proxy that passes on another Host, by its public URL", { origin: APP, host: "127.0.0.1:3000" }],
    ["a program (neither header)", {}],
  ])("lets %s through", (_case, headers) => {
    expect(refusal(() => requireSameOrigin(post(headers), APP))).toBeNull();
  });

  it("never stands in the way of reading", () => {
    for (const method of ["GET", "HEAD", "OPTIONS"]) expect(refusal(() => requireSameOrigin(post({ "sec-fetch-site": "cross-site" }, method), APP))).toBeNull();
  });
});

/** A body that counts how many bytes the reader pulled: 1 MB chunks, `chunks` of them, each made when read. */
function countedBody(chunks: number) {
  const pulled = { bytes: 0 };
  const chunk = new Uint8Array(1024 ** 2).fill(0x20);
  let left = chunks;
  const source: UnderlyingDefaultSource<Uint8Array> = {
    pull(controller) {
      if (left-- === 0) return controller.close();
      pulled.bytes += chunk.byteLength;
      controller.enqueue(chunk);
    },
  };
  const stream = new ReadableStream(source, { highWaterMark: 0 });
  return { stream, pulled };
}

const jsonRequest = (body: BodyInit | null, headers: Record<string, string> = { "content-type": "application/json" }) =>
  new Request(`${APP}/api/v1/projects`, { method: "POST", headers, body, duplex: "half" } as RequestInit);

describe("a JSON body must say it is JSON (issue 19 #6)", () => {
  it.each(["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonp", null])("refuses Content-Type %s with 415", async (type) => {
    const error = await failure(jsonBody(jsonRequest('{"name":"x"}', type ? { "content-type": type } : {})));
    expect([error.status, error.code]).toEqual([415, "unsupported_media_type"]);
    expect(error.message).toContain("Content-Type: application/json");
  });

  it("reads application/json with or without a charset, with a byte order mark too", async () => {
    expect(await jsonBody(jsonRequest('{"name":"x"}'))).toEqual({ name: "x" });
    expect(await jsonBody(jsonRequest('\uFEFF{"name":"ü"}', { "content-type": "Application/JSON; charset=utf-8" }))).toEqual({ name: "ü" });
    expect((await failure(jsonBody(jsonRequest("{name")))).status).toBe(400);
  });
});

describe("a JSON body is refused with 413 before more than the limit is read (issue 19 #11)", () => {
  it("when its declared length is over the limit, without reading a byte", async () => {
    const { stream, pulled } = countedBody(10);
    const error = await failure(jsonBody(jsonRequest(stream, { "content-type": "application/json", "content-length": String(10 * 1024 ** 2) }), 5 * 1024 ** 2));
    expect([error.status, error.code, error.details]).toEqual([413, "payload_too_large", { limitBytes: 5 * 1024 ** 2 }]);
    expect(pulled.bytes).toBe(0);
  });

  it("when a body of 200 MB streams in without a length: reading stops at the first chunk past the limit", async () => {
    const { stream, pulled } = countedBody(200);
    const error = await failure(jsonBody(jsonRequest(stream), 5 * 1024 ** 2));
    expect(error.status).toBe(413);
    expect(error.message).toBe(`The body is larger than the limit of ${5 * 1024 ** 2} bytes for JSON (CONCORD_MAX_JSON_BYTES).`);
    expect(pulled.bytes).toBe(6 * 1024 ** 2);
  });

  it("a body of exactly the limit is read", async () => {
    const body = JSON.stringify({ text: "x".repeat(100) });
    expect(await jsonBody(jsonRequest(body), Buffer.byteLength(body))).toEqual({ text: "x".repeat(100) });
    expect((await failure(jsonBody(jsonRequest(body), Buffer.byteLength(body) - 1))).status).toBe(413);
  });

  it("the limit is 5 MB unless CONCORD_MAX_JSON_BYTES says otherwise", () => {
    expect(maxJsonBytes({})).toBe(5 * 1024 ** 2);
    expect(maxJsonBytes({ CONCORD_MAX_JSON_BYTES: "1048576" })).toBe(1024 ** 2);
    expect(() => maxJsonBytes({ CONCORD_MAX_JSON_BYTES: "5MB" })).toThrow('CONCORD_MAX_JSON_BYTES must be a whole number of bytes; got "5MB"');
    expect(() => maxJsonBytes({ CONCORD_MAX_JSON_BYTES: "0" })).toThrow(/whole number/);
  });
});
