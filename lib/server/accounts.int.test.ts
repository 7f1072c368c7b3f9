import { expect, it } from "vitest";
import { failure } from "@/lib/testing/failure";
import { describeEachDatabase } from "@/lib/testing/integration";
import { createApiToken, listApiTokens, revokeApiToken } from "./api-tokens";
import { requireProjectRole, resolveCaller, type Caller } from "./auth/caller";
import { hashToken } from "./auth/tokens";
import { listProjectsFor, setMemberRole } from "./projects";
import { changePassword, createUser, setAdmin, userForSession, verifyCredentials } from "./users";

describeEachDatabase("accounts, tokens and roles", (context) => {
  const domain = () => `${context().target.provider}.example.com`;

  it("creates a user whose password is stored as an argon2id hash, never returned", async () => {
    const user = await createUser({ email: ` Dana@${domain()} `, password: "long enough pw", name: "Dana" });
    expect(user).toEqual({ id: expect.any(String), email: `dana@${domain()}`, name: "Dana", isAdmin: false, sessionVersion: 1 });
    expect(user).not.toHaveProperty("passwordHash");
    const stored = await context().client.user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
    const audit = await context().client.auditEvent.findMany({ where: { targetId: user.id } });
    expect(audit.map((event) => event.action)).toEqual(["user.create"]);
  });

  it("refuses a duplicate email, a bad email and a short password, writing nothing", async () => {
    const before = await context().client.user.count();
    expect((await failure(createUser({ email: `dana@${domain()}`, password: "another pw" }))).code).toBe("conflict");
    expect((await failure(createUser({ email: "not-an-email", password: "long enough pw" }))).message).toBe("email: Enter a valid email address.");
    expect((await failure(createUser({ email: `eve@${domain()}`, password: "short" }))).message).toBe("password: Passwords need at least 8 characters.");
    expect(await context().client.user.count()).toBe(before);
  });

  it("signs in with the right password and gives one answer for a wrong password or an unknown user", async () => {
    const ip = `${domain()}-1`;
    const user = await verifyCredentials({ email: `DANA@${domain()}`, password: "long enough pw" }, ip);
    expect(user.email).toBe(`dana@${domain()}`);
    const wrongPassword = await failure(verifyCredentials({ email: `dana@${domain()}`, password: "nope nope" }, ip));
    const unknownUser = await failure(verifyCredentials({ email: `nobody@${domain()}`, password: "nope nope" }, ip));
    expect(wrongPassword.message).toBe("Wrong email or password.");
    expect(unknownUser.message).toBe(wrongPassword.message);
    expect(unknownUser.status).toBe(401);
  });

  it("locks an account out after five failures, whatever the address, with a clear message", async () => {
    await createUser({ email: `frank@${domain()}`, password: "franks password" });
    for (let attempt = 0; attempt < 5; attempt++) {
      await failure(verifyCredentials({ email: `frank@${domain()}`, password: "guess" }, `${domain()}-${attempt}`));
    }
    const locked = await failure(verifyCredentials({ email: `frank@${domain()}`, password: "franks password" }, `${domain()}-other`));
    expect(locked.status).toBe(429);
    expect(locked.message).toMatch(/^Too many failed sign-in attempts for this account\. Try again in 15 minutes\.$/);
  });

  it("ends sessions when the password changes", async () => {
    const user = await createUser({ email: `gina@${domain()}`, password: "ginas password" });
    expect(await userForSession(user.id, 1)).not.toBeNull();
    await changePassword(user.id, "a new password", user.id);
    expect(await userForSession(user.id, 1)).toBeNull();
    expect(await userForSession(user.id, 2)).toMatchObject({ id: user.id });
    const error = await failure(resolveCaller(null, { uid: user.id, sv: 1 }));
    expect(error.message).toContain("Your session has ended");
    expect((await verifyCredentials({ email: `gina@${domain()}`, password: "a new password" }, `${domain()}-g`)).id).toBe(user.id);
  });

  it("revokes the user's API tokens when the password changes (issue 19 #7)", async () => {
    const user = await createUser({ email: `hugo@${domain()}`, password: "hugos password" });
    const { token, summary } = await createApiToken({ user, via: "session" }, { name: "laptop script" });
    const someoneElse = await createUser({ email: `ines@${domain()}`, password: "ines password" });
    const { token: theirs } = await createApiToken({ user: someoneElse, via: "session" }, { name: "theirs" });
    expect((await resolveCaller(`Bearer ${token}`, null)).user.id).toBe(user.id);

    await changePassword(user.id, "hugos new password", null);
    const refused = await failure(resolveCaller(`Bearer ${token}`, null));
    expect([refused.status, refused.message]).toEqual([401, "This API token was revoked."]);
    expect((await listApiTokens(user.id)).map((listed) => [listed.id, listed.revokedAt instanceof Date])).toEqual([[summary.id, true]]);
    expect((await resolveCaller(`Bearer ${theirs}`, null)).user.id).toBe(someoneElse.id);
    const audit = await context().client.auditEvent.findFirstOrThrow({ where: { targetId: user.id, action: "user.password.change" } });
    expect(audit.data).toEqual({ tokensRevoked: 1 });
  });

  it("ends sessions when the admin flag changes, not when a project role does", async () => {
    const manager = await createUser({ email: `mona@${domain()}`, password: "monas password" });
    const labeler = await createUser({ email: `leo@${domain()}`, password: "leos password" });
    const project = await context().client.project.create({ data: { name: "P", mediaKind: "image", labelConfig: { tasks: [] } } });
    await setMemberRole(manager.id, project.id, manager.id, "manager");
    await setMemberRole(manager.id, project.id, labeler.id, "labeler");
    await setMemberRole(manager.id, project.id, labeler.id, "reviewer");
    expect(await userForSession(labeler.id, 1)).not.toBeNull();
    await setAdmin(manager.id, true, null);
    expect(await userForSession(manager.id, 1)).toBeNull();
  });

  it("checks project roles: rank, membership, and administrators", async () => {
    const project = await context().client.project.create({ data: { name: "Roles", mediaKind: "audio", labelConfig: { tasks: [] } } });
    const [owner, labeler, outsider, admin] = await Promise.all(
      ["olga", "luis", "omar", "ann"].map((name) => createUser({ email: `${name}@${domain()}`, password: `${name} password`, isAdmin: name === "ann" })),
    );
    await setMemberRole(owner!.id, project.id, owner!.id, "manager");
    await setMemberRole(owner!.id, project.id, labeler!.id, "labeler");
    const as = (user: typeof owner): Caller => ({ user: user!, via: "session" });

    expect(await requireProjectRole(as(owner), project.id, "manager")).toBe("manager");
    expect(await requireProjectRole(as(labeler), project.id, "labeler")).toBe("labeler");
    const tooLow = await failure(requireProjectRole(as(labeler), project.id, "reviewer"));
    expect([tooLow.status, tooLow.message]).toEqual([403, "This needs the reviewer role in this project; you are a labeler."]);
    expect((await failure(requireProjectRole(as(outsider), project.id, "labeler"))).status).toBe(404);
    expect(await requireProjectRole(as(admin), project.id, "manager")).toBe("manager");
    expect((await failure(requireProjectRole(as(admin), "no-such-project", "labeler"))).status).toBe(404);

    expect((await listProjectsFor(as(labeler))).map((p) => [p.name, p.role])).toEqual([["Roles", "labeler"]]);
    expect(await listProjectsFor(as(outsider))).toEqual([]);
    expect((await listProjectsFor(as(admin))).map((p) => p.name)).toEqual(expect.arrayContaining(["P", "Roles"]));
  });

  it("authenticates API tokens stored only as a hash, until they are revoked", async () => {
    const user = await createUser({ email: `tara@${domain()}`, password: "taras password" });
    const signedIn: Caller = { user, via: "session" };
    const { token, summary } = await createApiToken(signedIn, { name: "training script" });
    const stored = await context().client.apiToken.findUniqueOrThrow({ where: { id: summary.id } });
    expect(stored.tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(stored)).not.toContain(token);

    const caller = await resolveCaller(`Bearer ${token}`, null);
    expect(caller).toMatchObject({ via: "token", user: { id: user.id, email: `tara@${domain()}` } });
    expect((await listApiTokens(user.id))[0]?.lastUsedAt).toBeInstanceOf(Date);

    // A token cannot mint another (which would outlive revoking it), nor revoke one.
    const minted = await failure(createApiToken(caller, { name: "copy" }));
    expect([minted.status, minted.message]).toEqual([403, "API tokens are created and revoked by signing in, not with an API token."]);
    expect((await failure(revokeApiToken(caller, summary.id))).status).toBe(403);
    expect(await listApiTokens(user.id)).toHaveLength(1);

    const someoneElse = await createUser({ email: `sam@${domain()}`, password: "sams password" });
    expect((await failure(revokeApiToken({ user: someoneElse, via: "session" }, summary.id))).status).toBe(404);
    await revokeApiToken(signedIn, summary.id);
    const revoked = await failure(resolveCaller(`Bearer ${token}`, null));
    expect([revoked.status, revoked.message]).toEqual([401, "This API token was revoked."]);
    const unknown = await failure(resolveCaller(`Bearer cnc_${"A".repeat(43)}`, null));
    expect(unknown.message).toBe("Unknown API token.");
    expect((await failure(createApiToken(signedIn, { name: "  " }))).status).toBe(400);
  });
});
