import { expect, it } from "vitest";
import { POST as setPasswordRoute } from "@/app/api/v1/password-links/set/route";
import { POST as passwordLinkRoute } from "@/app/api/v1/users/[userId]/password-link/route";
import { PATCH as userRoute } from "@/app/api/v1/users/[userId]/route";
import { POST as createUserRoute } from "@/app/api/v1/users/route";
import { apiClient, expectJson } from "@/lib/testing/api";
import { failure } from "@/lib/testing/failure";
import { describeEachDatabase } from "@/lib/testing/integration";
import { invitedUserSchema, passwordLinkSchema } from "@/lib/validation/api";
import { setDisabled } from "./account-status";
import { createApiToken } from "./api-tokens";
import type { Caller } from "./auth/caller";
import { invite } from "./invitations";
import { checkPasswordLink, inviteUser, makePasswordLink, setPasswordWithLink } from "./password-links";
import { createProject, listMembers } from "./projects";
import { createUser, userForSession, verifyCredentials } from "./users";

describeEachDatabase("password links", (context) => {
  const domain = () => `${context().target.provider}.links.test`;
  const as = async (name: string, isAdmin = false): Promise<Caller> => ({
    user: await createUser({ email: `${name}@${domain()}`, password: "password 123", isAdmin }),
    via: "session",
  });
  const ip = (suffix: string) => `${domain()}-${suffix}`;

  it("an administrator creates an account without a password; its link sets one, once, and the account signs in", async () => {
    const admin = await as("admin", true);
    const { user, link } = await inviteUser(admin, { email: ` Nora@${domain()} `, name: "Nora" });
    expect(user).toMatchObject({ email: `nora@${domain()}`, name: "Nora", isAdmin: false });
    expect(link.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(link.purpose).toBe("invite");
    expect(link.expiresAt.getTime() - Date.now()).toBeGreaterThan(6.9 * 24 * 3600 * 1000);

    // Only the digest is stored, and the account has no password: signing in fails as for a wrong password.
    const stored = await context().client.passwordLink.findMany({ where: { userId: user.id } });
    expect(stored).toHaveLength(1);
    expect(stored[0]!.tokenHash).not.toContain(link.token);
    expect((await failure(verifyCredentials({ email: user.email, password: "anything at all" }, ip("a")))).message).toBe("Wrong email or password.");

    expect(await checkPasswordLink(link.token)).toEqual({ purpose: "invite", email: `nora@${domain()}`, name: "Nora" });
    expect((await failure(setPasswordWithLink({ token: link.token, password: "short" }, ip("b")))).message).toBe("password: Passwords need at least 8 characters.");
    expect(await setPasswordWithLink({ token: link.token, password: "noras new password" }, ip("b"))).toEqual({ email: user.email });
    expect((await verifyCredentials({ email: user.email, password: "noras new password" }, ip("c"))).id).toBe(user.id);

    // Used: refused with the reason, and the password stays.
    const reused = await failure(setPasswordWithLink({ token: link.token, password: "someone elses pw" }, ip("d")));
    expect([reused.status, reused.message]).toEqual([409, "This link has already been used. Sign in with your password, or ask your administrator for a new link."]);
    expect((await failure(checkPasswordLink(link.token))).status).toBe(409);
    expect((await verifyCredentials({ email: user.email, password: "noras new password" }, ip("c"))).id).toBe(user.id);

    const actions = (await context().client.auditEvent.findMany({ where: { targetId: user.id }, orderBy: { at: "asc" } })).map((event) => event.action);
    expect(actions).toEqual(["user.create", "user.password-link.invite", "user.password.change"]);
  });

  it("a created account takes up the project invitations waiting for its email", async () => {
    const admin = await as("owner", true);
    const project = await createProject(admin, { name: "Links", mediaKind: "image", tasks: [{ key: "kind", type: "classification", classes: ["a", "b"] }] });
    await invite(admin.user.id, project.id, `olga@${domain()}`, "reviewer");
    const { user } = await inviteUser(admin, { email: `olga@${domain()}` });
    const members = await listMembers(admin, project.id);
    expect(members.find((member) => member.userId === user.id)?.role).toBe("reviewer");
    expect(await context().client.invitation.count({ where: { email: user.email } })).toBe(0);
  });

  it("a reset link keeps the old password until used, ends sessions, and replaces earlier links; expired and unknown links are refused", async () => {
    const admin = await as("resetter", true);
    const person = await as("pat");
    const first = await makePasswordLink(admin, person.user.id);
    const second = await makePasswordLink(admin, person.user.id);
    expect(second.purpose).toBe("reset");
    expect((await verifyCredentials({ email: person.user.email, password: "password 123" }, ip("e"))).id).toBe(person.user.id);

    const replaced = await failure(setPasswordWithLink({ token: first.token, password: "pats new password" }, ip("f")));
    expect([replaced.status, replaced.message]).toEqual([404, "This link is not valid: it may have been replaced by a newer one. Ask your administrator for a new link."]);

    await setPasswordWithLink({ token: second.token, password: "pats new password" }, ip("f"));
    expect(await userForSession(person.user.id, person.user.sessionVersion)).toBeNull();
    expect((await failure(verifyCredentials({ email: person.user.email, password: "password 123" }, ip("g")))).status).toBe(401);

    const third = await makePasswordLink(admin, person.user.id);
    await context().client.passwordLink.updateMany({ where: { userId: person.user.id, usedAt: null }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await failure(setPasswordWithLink({ token: third.token, password: "a third password" }, ip("h")));
    expect([expired.status, expired.message]).toEqual([409, "This link has expired. Ask your administrator for a new one."]);
    expect((await failure(checkPasswordLink("not a token"))).message).toBe("This link is not a Concord password link.");
  });

  it("only administrators make accounts and links", async () => {
    const someone = await as("someone");
    expect((await failure(inviteUser(someone, { email: `quinn@${domain()}` }))).status).toBe(403);
    expect((await failure(makePasswordLink(someone, someone.user.id))).status).toBe(403);
    const admin = await as("admin-2", true);
    expect((await failure(inviteUser(admin, { email: someone.user.email }))).status).toBe(409);
    expect((await failure(makePasswordLink(admin, "no-such-user"))).status).toBe(404);
  });

  it("counts failed attempts per link as sign-in does, and refuses past the limit", async () => {
    const admin = await as("limiter", true);
    const { link } = await inviteUser(admin, { email: `rita@${domain()}` });
    await setPasswordWithLink({ token: link.token, password: "ritas password" }, ip("i"));
    for (let attempt = 0; attempt < 5; attempt++) await failure(setPasswordWithLink({ token: link.token, password: "ritas password" }, ip(`j${attempt}`)));
    const limited = await failure(setPasswordWithLink({ token: link.token, password: "ritas password" }, ip("k")));
    expect(limited.status).toBe(429);
  });

  it("serves the API: an administrator creates a user and a link, and anyone with the link sets the password", async () => {
    const admin = await as("api-admin", true);
    const api = apiClient((await createApiToken(admin, { name: "users" })).token);
    const created = invitedUserSchema.parse(
      await expectJson(await api(createUserRoute, {}, "/users", { method: "POST", body: JSON.stringify({ email: `sam@${domain()}`, name: "Sam", isAdmin: true }) }), 201),
    );
    expect(created.user).toMatchObject({ email: `sam@${domain()}`, isAdmin: true });
    expect(created.link.path).toBe(`/set-password?token=${created.link.token}`);
    const link = passwordLinkSchema.parse(
      await expectJson(await api(passwordLinkRoute, { userId: created.user.id }, `/users/${created.user.id}/password-link`, { method: "POST" }), 201),
    );
    expect(link.purpose).toBe("invite");

    const set = (body: unknown) =>
      setPasswordRoute(new Request("http://concord.test/api/v1/password-links/set", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }));
    expect(await expectJson(await set({ token: created.link.token, password: "sams password" }), 404)).toMatchObject({ error: { code: "not_found" } });
    expect(await expectJson(await set({ token: link.token, password: "sams password" }), 200)).toEqual({ email: `sam@${domain()}` });
    expect(await expectJson(await set({ token: link.token, password: "sams password" }), 409)).toMatchObject({ error: { code: "conflict" } });
    expect(await expectJson(await set({ token: link.token }), 400)).toMatchObject({ error: { message: "password: Invalid input: expected string, received undefined" } });
  });

  it("a disabled account cannot sign in or use a link, until an administrator enables it again", async () => {
    const admin = await as("disabler", true);
    const person = await as("uma");
    const link = await makePasswordLink(admin, person.user.id);
    const api = apiClient((await createApiToken(admin, { name: "disable" })).token);
    const patch = (userId: string, body: unknown) => api(userRoute, { userId }, `/users/${userId}`, { method: "PATCH", body: JSON.stringify(body) });
    expect(await expectJson(await patch(person.user.id, { disabled: true }), 200)).toEqual({ id: person.user.id, disabled: true });
    expect(await userForSession(person.user.id, person.user.sessionVersion)).toBeNull();
    expect((await failure(verifyCredentials({ email: person.user.email, password: "password 123" }, ip("m")))).message).toBe("This account is disabled.");
    expect((await failure(setPasswordWithLink({ token: link.token, password: "umas new password" }, ip("m")))).message).toBe("This account is disabled. Ask your administrator.");
    expect((await failure(makePasswordLink(admin, person.user.id))).status).toBe(409);

    await setDisabled(admin, person.user.id, false);
    expect((await verifyCredentials({ email: person.user.email, password: "password 123" }, ip("n"))).id).toBe(person.user.id);
    expect(await expectJson(await patch(admin.user.id, { disabled: true }), 409)).toMatchObject({ error: { message: "You cannot disable your own account." } });
    expect((await failure(setDisabled(person, admin.user.id, true))).status).toBe(403);
    const actions = await context().client.auditEvent.findMany({ where: { targetId: person.user.id, action: { in: ["user.disable", "user.enable"] } }, orderBy: { at: "asc" } });
    expect(actions.map((event) => event.action)).toEqual(["user.disable", "user.enable"]);
  });

  it("of two concurrent uses of one link only one sets its password", async () => {
    const admin = await as("racer", true);
    const { user, link } = await inviteUser(admin, { email: `tess@${domain()}` });
    const outcomes = await Promise.allSettled([
      setPasswordWithLink({ token: link.token, password: "first password" }, ip("l1")),
      setPasswordWithLink({ token: link.token, password: "second password" }, ip("l2")),
    ]);
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
    const loser = outcomes.find((outcome) => outcome.status === "rejected") as PromiseRejectedResult;
    expect(loser.reason).toMatchObject({ code: "conflict" });
    const changes = await context().client.auditEvent.count({ where: { targetId: user.id, action: "user.password.change" } });
    expect(changes).toBe(1);
  });
});
