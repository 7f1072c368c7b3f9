// The wrapper every /api/v1 route goes through, called as the routes are: what it refuses before the
// route's own code runs, checked against what the database then holds.
import { afterEach, beforeAll, expect, it } from "vitest";
import { GET as listMembers, POST as addMember } from "@/app/api/v1/projects/[projectId]/members/route";
import { POST as createProject } from "@/app/api/v1/projects/route";
import { apiClient, expectJson, type ApiCall } from "@/lib/testing/api";
import { describeEachDatabase } from "@/lib/testing/integration";
import { createApiToken } from "../api-tokens";
import { createUser } from "../users";

describeEachDatabase("the API wrapper (issue 19 #6, #11)", () => {
  let admin: ApiCall;
  let token: string;
  let projectId: string;
  const membersPath = () => `http://concord.test/api/v1/projects/${projectId}/members`;
  const params = () => ({ params: Promise.resolve({ projectId }) });
  const members = async () =>
    (await expectJson<{ members: { email: string; role: string }[] }>(await admin(listMembers, { projectId }, `/projects/${projectId}/members`), 200)).members.map((member) => member.email);

  beforeAll(async () => {
    const adminUser = await createUser({ email: "admin@wrapper.test", name: "Ada", password: "password 123", isAdmin: true });
    await createUser({ email: "sme@wrapper.test", name: "Sam", password: "password 123" });
    token = (await createApiToken({ user: adminUser, via: "session" }, { name: "wrapper" })).token;
    admin = apiClient(token);
    const tasks = [{ key: "scene", type: "classification", classes: ["a", "b"] }];
    projectId = (await expectJson<{ id: string }>(await admin(createProject, {}, "/projects", { method: "POST", body: JSON.stringify({ name: "Wrapper", mediaKind: "image", tasks }) }), 201)).id;
  });
  afterEach(() => {
    delete process.env.CONCORD_MAX_JSON_BYTES;
  });

  const body = JSON.stringify({ email: "sme@wrapper.test", role: "manager" });

  it("refuses a cookie request from a page on another port before reading the session; the same request with a token is the API", async () => {
    const fromAnotherPort = { "sec-fetch-site": "same-site", origin: "http://localhost:9911", "content-type": "text/plain" };
    const refused = await addMember(new Request(membersPath(), { method: "POST", headers: fromAnotherPort, body }), params());
    expect(await expectJson(refused, 403)).toEqual({ error: { code: "forbidden", message: expect.stringContaining("must come from Concord's own pages; this one came from http://localhost:9911") } });
    expect(await members()).toEqual(["admin@wrapper.test"]);

    const withToken = { ...fromAnotherPort, authorization: `Bearer ${token}` };
    const asText = await addMember(new Request(membersPath(), { method: "POST", headers: withToken, body }), params());
    expect((await expectJson<{ error: { code: string } }>(asText, 415)).error.code).toBe("unsupported_media_type");
    expect(await members()).toEqual(["admin@wrapper.test"]);

    const asJson = await addMember(new Request(membersPath(), { method: "POST", headers: { ...withToken, "content-type": "application/json" }, body }), params());
    expect(await expectJson(asJson, 201)).toMatchObject({ email: "sme@wrapper.test", role: "manager" });
  });

  it("answers 413 past CONCORD_MAX_JSON_BYTES, read on each request, and changes nothing", async () => {
    process.env.CONCORD_MAX_JSON_BYTES = "100";
    const padded = JSON.stringify({ email: "sme@wrapper.test", role: "reviewer", padding: "x".repeat(100) });
    const response = await admin(addMember, { projectId }, `/projects/${projectId}/members`, { method: "POST", body: padded });
    expect(await expectJson(response, 413)).toEqual({
      error: { code: "payload_too_large", message: "The body is larger than the limit of 100 bytes for JSON (CONCORD_MAX_JSON_BYTES).", details: { limitBytes: 100 } },
    });
    const roles = (await expectJson<{ members: { email: string; role: string }[] }>(await admin(listMembers, { projectId }, `/projects/${projectId}/members`), 200)).members;
    expect(roles.find((member) => member.email === "sme@wrapper.test")?.role).toBe("manager");
  });
});
