import { expect, it } from "vitest";
import { POST as acceptRoute } from "@/app/api/v1/invitations/[invitationId]/accept/route";
import { POST as declineRoute } from "@/app/api/v1/invitations/[invitationId]/decline/route";
import { GET as myInvitationsRoute } from "@/app/api/v1/invitations/route";
import { DELETE as withdrawRoute } from "@/app/api/v1/projects/[projectId]/invitations/[invitationId]/route";
import { GET as invitationsRoute } from "@/app/api/v1/projects/[projectId]/invitations/route";
import { GET as membersRoute, POST as addMemberRoute } from "@/app/api/v1/projects/[projectId]/members/route";
import { apiClient, expectJson } from "@/lib/testing/api";
import { failure } from "@/lib/testing/failure";
import { describeEachDatabase } from "@/lib/testing/integration";
import { callerInvitationListSchema } from "@/lib/validation/api";
import { createApiToken } from "./api-tokens";
import { requireProjectRole, resolveCaller, type Caller } from "./auth/caller";
import { addMember, changeMemberRole, createProject, getProject, listInvitations, listMembers, listProjectsFor, removeMember, updateProject } from "./projects";
import { createUser, userForSession } from "./users";

const config = {
  name: "Phone scratches",
  mediaKind: "image",
  tasks: [
    { key: "defect", type: "classification", classes: ["ok", "scratch", "dent"], uncertainClass: "borderline" },
    { key: "boxes", type: "bbox", classes: ["scratch", "dent"] },
  ],
  guidelines: "# How to label\n",
};

describeEachDatabase("projects and members", (context) => {
  const as = async (email: string, isAdmin = false): Promise<Caller> => ({
    user: await createUser({ email: `${email}@${context().target.provider}.test`, password: "password 123", isAdmin }),
    via: "session",
  });
  let admin: Caller;
  let projectId: string;

  it("an administrator creates a project from the normative configuration and becomes its manager", async () => {
    admin = await as("admin", true);
    const project = await createProject(admin, config);
    projectId = project.id;
    expect(project).toMatchObject({ name: "Phone scratches", mediaKind: "image", overlap: 3, maxOverlap: 5, role: "manager", itemCount: 0 });
    expect(project.guidelines).toMatchObject({ version: 1, body: "# How to label\n" });
    expect((await listMembers(admin, projectId)).map((member) => member.role)).toEqual(["manager"]);
  });

  it("refuses an invalid configuration with the path of the first error, creating nothing", async () => {
    const before = await context().client.project.count();
    const error = await failure(createProject(admin, { ...config, tasks: [{ key: "s", type: "segment", classes: ["a"] }] }));
    expect([error.status, error.message]).toEqual([400, "tasks.0.type: segment tasks are not available for image projects (use classification, bbox, polygon)"]);
    expect(await context().client.project.count()).toBe(before);
  });

  it("lets only administrators and managers create projects", async () => {
    const labeler = await as("lonely");
    expect((await failure(createProject(labeler, config))).status).toBe(403);
  });

  it("managers add members by email, change and remove roles; removed members lose access", async () => {
    const labeler = await as("lab");
    expect(await addMember(admin, projectId, { email: labeler.user.email, role: "labeler" })).toEqual({ status: "added", email: labeler.user.email, role: "labeler" });
    expect((await listMembers(admin, projectId)).find((member) => member.userId === labeler.user.id)).toMatchObject({ email: labeler.user.email, role: "labeler" });
    expect((await getProject(labeler, projectId)).role).toBe("labeler");
    expect((await failure(updateProject(labeler, projectId, { name: "mine" }))).status).toBe(403);
    expect((await failure(addMember(labeler, projectId, { email: admin.user.email, role: "labeler" }))).status).toBe(403);

    expect((await changeMemberRole(admin, projectId, labeler.user.id, "reviewer")).role).toBe("reviewer");
    // Adding a member again by email changes their role, and says so.
    expect(await addMember(admin, projectId, { email: labeler.user.email, role: "labeler" })).toEqual({ status: "updated", email: labeler.user.email, role: "labeler" });
    await removeMember(admin, projectId, labeler.user.id);
    expect((await failure(getProject(labeler, projectId))).status).toBe(404);
  });

  it("keeps at least one manager", async () => {
    const error = await failure(removeMember(admin, projectId, admin.user.id));
    expect([error.status, error.message]).toEqual([409, "A project needs at least one manager: make someone else manager first."]);
    expect((await failure(changeMemberRole(admin, projectId, admin.user.id, "labeler"))).status).toBe(409);
  });

  it("patches settings, keeps the whole project valid, and versions changed guidelines", async () => {
    const patched = await updateProject(admin, projectId, { overlap: 4, guidelines: "# Sharper\n", guidelinesChangeNote: "borderline defined" });
    expect(patched).toMatchObject({ overlap: 4, maxOverlap: 5, guidelines: { version: 2, body: "# Sharper\n" } });
    expect((await failure(updateProject(admin, projectId, { overlap: 6, maxOverlap: 5 }))).message).toBe("maxOverlap: must be at least overlap (6)");
    expect((await failure(updateProject(admin, projectId, { mediaKind: "audio" }))).message).toBe("mediaKind: unknown field");
    const unchanged = await updateProject(admin, projectId, { guidelines: "# Sharper\n" });
    expect(unchanged.guidelines?.version).toBe(2);
  });

  it("once annotations exist, tasks may grow but not lose what annotations use", async () => {
    const project = await context().client.project.findUniqueOrThrow({ where: { id: projectId } });
    const item = await context().client.item.create({
      data: { projectId, mediaPath: "x", mimeType: "image/png", originalName: "x.png", sha256: "0".repeat(64), sizeBytes: 1, metadata: {} },
    });
    await context().client.annotation.create({ data: { projectId, itemId: item.id, labelerId: admin.user.id, result: [], startedAt: project.createdAt } });
    const grown = [...config.tasks.slice(0, 1), { key: "boxes", type: "bbox", classes: ["scratch", "dent", "crack"] }];
    expect((await updateProject(admin, projectId, { tasks: grown })).tasks[1]).toMatchObject({ classes: [{ name: "scratch" }, { name: "dent" }, { name: "crack" }] });
    const error = await failure(updateProject(admin, projectId, { tasks: [{ key: "boxes", type: "bbox", classes: ["scratch"] }] }));
    expect([error.status, error.message]).toEqual([409, 'Annotations exist, so task "defect" cannot be removed or changed; add new tasks or classes instead.']);
  });

  it("a manager's change of a project role, or a removal, leaves the user's sessions alone, an administrator's too; each request checks the role it needs (issue 19 #16)", async () => {
    const owner = await as("owner-of-roles", true);
    const here = (await createProject(owner, { ...config, name: "Roles" })).id;
    const manager = await as("pm");
    await addMember(owner, here, { email: manager.user.email, role: "manager" });
    const person = await as("person");
    const globalAdmin = await as("global", true);
    const other = await createProject(owner, { ...config, name: "Another project" });
    await addMember(owner, other.id, { email: person.user.email, role: "labeler" });
    for (const member of [person, globalAdmin]) await addMember(owner, here, { email: member.user.email, role: "labeler" });

    await changeMemberRole(manager, here, globalAdmin.user.id, "reviewer");
    await changeMemberRole(manager, here, person.user.id, "reviewer");
    // The sessions they had (session version 1) still stand.
    for (const member of [person, globalAdmin]) expect(await resolveCaller(null, { uid: member.user.id, sv: member.user.sessionVersion })).toMatchObject({ user: { id: member.user.id } });
    expect(await requireProjectRole(person, here, "reviewer")).toBe("reviewer");

    await changeMemberRole(manager, here, person.user.id, "labeler");
    const demoted = await failure(requireProjectRole(person, here, "reviewer"));
    expect([demoted.status, demoted.message]).toEqual([403, "This needs the reviewer role in this project; you are a labeler."]);

    await removeMember(manager, here, person.user.id);
    expect(await userForSession(person.user.id, person.user.sessionVersion)).not.toBeNull();
    expect((await failure(getProject(person, here))).status).toBe(404);
    expect((await listProjectsFor(person)).map((project) => project.name)).toEqual(["Another project"]);
    expect((await getProject(person, other.id)).role).toBe("labeler");
  });

  it("a manager's addition looks the same with or without an account: both wait as invitations, neither is a member until it accepts (issue 19 #16)", async () => {
    const owner = await as("owner-of-invitations", true);
    const here = (await createProject(owner, { ...config, name: "Invitations" })).id;
    const manager = await as("inviter");
    await addMember(owner, here, { email: manager.user.email, role: "manager" });
    const { token } = await createApiToken(manager, { name: "members" });
    const api = apiClient(token);
    const existing = await as("has-account");
    const add = (email: string) =>
      api(addMemberRoute, { projectId: here }, `/projects/${here}/members`, { method: "POST", body: JSON.stringify({ email, role: "reviewer" }) });
    const members = async () => expectJson<{ members: unknown[] }>(await api(membersRoute, { projectId: here }, `/projects/${here}/members`), 200);
    const pending = async () => (await expectJson<{ invitations: Record<string, unknown>[] }>(await api(invitationsRoute, { projectId: here }, `/projects/${here}/invitations`), 200)).invitations;
    const membersBefore = await members();

    const known = await add(existing.user.email);
    const unknown = await add("newcomer@nowhere.test");
    expect([known.status, [...known.headers.keys()]]).toEqual([unknown.status, [...unknown.headers.keys()]]);
    expect(await expectJson(known, 201)).toEqual({ status: "invited", email: existing.user.email, role: "reviewer" });
    expect(await expectJson(unknown, 201)).toEqual({ status: "invited", email: "newcomer@nowhere.test", role: "reviewer" });

    // Neither is a member yet, and both wait as invitations of the same shape: nothing tells which had the account.
    expect(await members()).toEqual(membersBefore);
    const invitations = await pending();
    expect(invitations).toEqual([
      { id: expect.any(String), email: existing.user.email, role: "reviewer", invitedAt: expect.any(String) },
      { id: expect.any(String), email: "newcomer@nowhere.test", role: "reviewer", invitedAt: expect.any(String) },
    ]);
    expect((await failure(requireProjectRole(existing, here, "labeler"))).status).toBe(404);

    // An account created later for an invited email takes up its invitation at once, as before.
    const newcomer: Caller = { user: await createUser({ email: "Newcomer@nowhere.test", password: "password 123" }), via: "session" };
    expect(await requireProjectRole(newcomer, here, "reviewer")).toBe("reviewer");
    expect((await listMembers(owner, here)).find((member) => member.userId === newcomer.user.id)?.role).toBe("reviewer");
    expect((await pending()).map((invitation) => invitation.email)).toEqual([existing.user.email]);
    const { token: reviewerToken } = await createApiToken(newcomer, { name: "reviewer" });
    expect((await apiClient(reviewerToken)(invitationsRoute, { projectId: here }, `/projects/${here}/invitations`)).status).toBe(403);

    // A withdrawn invitation gives nobody a role.
    await expectJson(await add("changed-mind@nowhere.test"), 201);
    const withdrawable = (await pending()).find((invitation) => invitation.email === "changed-mind@nowhere.test")!.id as string;
    const withdrawn = await api(withdrawRoute, { projectId: here, invitationId: withdrawable }, `/projects/${here}/invitations/${withdrawable}`, { method: "DELETE" });
    expect(withdrawn.status).toBe(204);
    const late = await createUser({ email: "changed-mind@nowhere.test", password: "password 123" });
    expect((await failure(getProject({ user: late, via: "session" }, here))).status).toBe(404);
    const again = await api(withdrawRoute, { projectId: here, invitationId: withdrawable }, `/projects/${here}/invitations/${withdrawable}`, { method: "DELETE" });
    expect(again.status).toBe(404);
  });

  it("the invited account sees its invitations and accepts or declines them; nobody else can (issue 19 #16)", async () => {
    const owner = await as("owner-of-answers", true);
    const first = (await createProject(owner, { ...config, name: "First invitation" })).id;
    const second = (await createProject(owner, { ...config, name: "Second invitation" })).id;
    const manager: Caller = { user: await createUser({ email: `mona@${context().target.provider}.answers`, name: "Mona", password: "password 123" }), via: "session" };
    for (const project of [first, second]) await addMember(owner, project, { email: manager.user.email, role: "manager" });
    const invitee = await as("invitee");
    const stranger = await as("stranger");
    await addMember(manager, first, { email: invitee.user.email, role: "reviewer" });
    await addMember(manager, second, { email: invitee.user.email, role: "labeler" });
    const client = async (caller: Caller) => apiClient((await createApiToken(caller, { name: "invitations" })).token);
    const [asInvitee, asStranger, asManager] = await Promise.all([client(invitee), client(stranger), client(manager)]);
    const mine = async (api: typeof asInvitee) => (await expectJson<{ invitations: { id: string; project: { id: string; name: string } }[] }>(await api(myInvitationsRoute, {}, "/invitations"), 200)).invitations;
    const answer = (api: typeof asInvitee, invitationId: string, route: typeof acceptRoute, verb: string) =>
      api(route, { invitationId }, `/invitations/${invitationId}/${verb}`, { method: "POST" });

    const invitations = await mine(asInvitee);
    expect(callerInvitationListSchema.safeParse({ invitations }).success).toBe(true);
    expect(invitations).toEqual([
      { id: expect.any(String), project: { id: first, name: "First invitation" }, role: "reviewer", invitedBy: { name: "Mona", email: manager.user.email }, invitedAt: expect.any(String) },
      { id: expect.any(String), project: { id: second, name: "Second invitation" }, role: "labeler", invitedBy: { name: "Mona", email: manager.user.email }, invitedAt: expect.any(String) },
    ]);
    const [toFirst, toSecond] = invitations.map((invitation) => invitation.id) as [string, string];

    // Only the invited email's account may answer: anyone else, the inviting manager too, is told there is no such invitation.
    expect(await mine(asStranger)).toEqual([]);
    for (const api of [asStranger, asManager]) {
      for (const [route, verb] of [[acceptRoute, "accept"], [declineRoute, "decline"]] as const) {
        const refused = await answer(api, toFirst, route, verb);
        expect([refused.status, ((await refused.json()) as { error: { message: string } }).error.message]).toEqual([404, "No such invitation."]);
      }
    }
    expect((await answer(apiClient("not-a-token"), toFirst, acceptRoute, "accept")).status).toBe(401);
    expect((await mine(asInvitee)).length).toBe(2);

    // Accepting makes the membership, with its audit event; the invitation is used up.
    expect(await expectJson(await answer(asInvitee, toFirst, acceptRoute, "accept"), 200)).toEqual({ projectId: first, role: "reviewer" });
    expect(await requireProjectRole(invitee, first, "reviewer")).toBe("reviewer");
    expect(await context().client.auditEvent.findFirst({ where: { projectId: first, action: "member.role.set", targetId: invitee.user.id }, select: { actorId: true, data: true } })).toEqual({
      actorId: invitee.user.id,
      data: { role: "reviewer", previousRole: null, invitationId: toFirst, invitedById: manager.user.id },
    });
    expect((await listInvitations(manager, first)).length).toBe(0);
    expect((await answer(asInvitee, toFirst, acceptRoute, "accept")).status).toBe(404);

    // Declining deletes the invitation and gives no role.
    expect((await answer(asInvitee, toSecond, declineRoute, "decline")).status).toBe(204);
    expect((await failure(getProject(invitee, second))).status).toBe(404);
    expect(await listInvitations(manager, second)).toEqual([]);
    expect(await context().client.auditEvent.count({ where: { projectId: second, action: "member.invitation.decline", actorId: invitee.user.id, targetId: toSecond } })).toBe(1);
    expect(await mine(asInvitee)).toEqual([]);

    // An administrator sees every account anyway: the account they add is a member at once, and its invitation is used up.
    await addMember(manager, second, { email: stranger.user.email, role: "labeler" });
    expect(await addMember(owner, second, { email: stranger.user.email, role: "reviewer" })).toEqual({ status: "added", email: stranger.user.email, role: "reviewer" });
    expect(await requireProjectRole(stranger, second, "reviewer")).toBe("reviewer");
    expect(await mine(asStranger)).toEqual([]);
  });

  it("an invitation answered several times at once is taken up once; the other answers find it gone (issue 19 #16)", async () => {
    const owner = await as("owner-of-races", true);
    const project = (await createProject(owner, { ...config, name: "Races" })).id;
    const manager = await as("race-manager");
    await addMember(owner, project, { email: manager.user.email, role: "manager" });
    const invitee = await as("racer");
    const api = apiClient((await createApiToken(invitee, { name: "race" })).token);
    for (let round = 0; round < 4; round++) {
      await addMember(manager, project, { email: invitee.user.email, role: "labeler" });
      const { id } = (await listInvitations(manager, project))[0]!;
      const answers = await Promise.all(
        ["accept", "decline", "accept", "decline"].map((verb) =>
          api(verb === "accept" ? acceptRoute : declineRoute, { invitationId: id }, `/invitations/${id}/${verb}`, { method: "POST" }).then((response) => [verb, response.status] as const),
        ),
      );
      const taken = answers.filter(([, status]) => status < 300);
      expect(answers.filter(([, status]) => status >= 300).map(([, status]) => status)).toEqual([404, 404, 404]);
      const accepted = taken[0]![0] === "accept";
      expect(await context().client.membership.count({ where: { projectId: project, userId: invitee.user.id } })).toBe(accepted ? 1 : 0);
      expect(await context().client.invitation.count({ where: { projectId: project } })).toBe(0);
      if (accepted) await removeMember(manager, project, invitee.user.id);
    }
  });
});
