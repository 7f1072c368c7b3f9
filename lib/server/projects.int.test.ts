import { expect, it } from "vitest";
import { DELETE as withdrawRoute } from "@/app/api/v1/projects/[projectId]/invitations/[invitationId]/route";
import { GET as invitationsRoute } from "@/app/api/v1/projects/[projectId]/invitations/route";
import { POST as addMemberRoute } from "@/app/api/v1/projects/[projectId]/members/route";
import { apiClient, expectJson } from "@/lib/testing/api";
import { failure } from "@/lib/testing/failure";
import { describeEachDatabase } from "@/lib/testing/integration";
import { createApiToken } from "./api-tokens";
import { requireProjectRole, resolveCaller, type Caller } from "./auth/caller";
import { addMember, changeMemberRole, createProject, getProject, listMembers, listProjectsFor, removeMember, updateProject } from "./projects";
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
    expect(await addMember(admin, projectId, { email: labeler.user.email, role: "labeler" })).toEqual({ status: "invited", email: labeler.user.email, role: "labeler" });
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
    for (const member of [person, globalAdmin]) await addMember(manager, here, { email: member.user.email, role: "labeler" });

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

  it("adding by email answers the same whether or not the account exists; an invitation becomes a membership when the account is created (issue 19 #16)", async () => {
    const owner = await as("owner-of-invitations", true);
    const here = (await createProject(owner, { ...config, name: "Invitations" })).id;
    const manager = await as("inviter");
    await addMember(owner, here, { email: manager.user.email, role: "manager" });
    const { token } = await createApiToken(manager, { name: "members" });
    const api = apiClient(token);
    const existing = await as("has-account");
    const add = (email: string) =>
      api(addMemberRoute, { projectId: here }, `/projects/${here}/members`, { method: "POST", body: JSON.stringify({ email, role: "reviewer" }) });

    const known = await add(existing.user.email);
    const unknown = await add("newcomer@nowhere.test");
    expect([known.status, [...known.headers.keys()]]).toEqual([unknown.status, [...unknown.headers.keys()]]);
    expect(await expectJson(known, 201)).toEqual({ status: "invited", email: existing.user.email, role: "reviewer" });
    expect(await expectJson(unknown, 201)).toEqual({ status: "invited", email: "newcomer@nowhere.test", role: "reviewer" });

    // The account holder is a reviewer now; the email without an account waits, and managers see it waiting.
    expect(await requireProjectRole(existing, here, "reviewer")).toBe("reviewer");
    const invitations = await expectJson<{ invitations: { id: string; email: string; role: string; invitedAt: string }[] }>(
      await api(invitationsRoute, { projectId: here }, `/projects/${here}/invitations`),
      200,
    );
    expect(invitations.invitations).toEqual([{ id: expect.any(String), email: "newcomer@nowhere.test", role: "reviewer", invitedAt: expect.any(String) }]);
    const { token: labelerToken } = await createApiToken(existing, { name: "reviewer" });
    expect((await apiClient(labelerToken)(invitationsRoute, { projectId: here }, `/projects/${here}/invitations`)).status).toBe(403);

    const newcomer: Caller = { user: await createUser({ email: "Newcomer@nowhere.test", password: "password 123" }), via: "session" };
    expect(await requireProjectRole(newcomer, here, "reviewer")).toBe("reviewer");
    expect((await listMembers(owner, here)).find((member) => member.userId === newcomer.user.id)?.role).toBe("reviewer");
    expect((await expectJson<{ invitations: unknown[] }>(await api(invitationsRoute, { projectId: here }, `/projects/${here}/invitations`), 200)).invitations).toEqual([]);

    // A withdrawn invitation gives nobody a role.
    await expectJson(await add("changed-mind@nowhere.test"), 201);
    const [pending] = (await expectJson<{ invitations: { id: string }[] }>(await api(invitationsRoute, { projectId: here }, `/projects/${here}/invitations`), 200)).invitations;
    const withdrawn = await api(withdrawRoute, { projectId: here, invitationId: pending!.id }, `/projects/${here}/invitations/${pending!.id}`, { method: "DELETE" });
    expect(withdrawn.status).toBe(204);
    const late = await createUser({ email: "changed-mind@nowhere.test", password: "password 123" });
    expect((await failure(getProject({ user: late, via: "session" }, here))).status).toBe(404);
    const again = await api(withdrawRoute, { projectId: here, invitationId: pending!.id }, `/projects/${here}/invitations/${pending!.id}`, { method: "DELETE" });
    expect(again.status).toBe(404);
  });
});
