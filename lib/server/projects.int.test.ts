import { expect, it } from "vitest";
import { failure } from "@/lib/testing/failure";
import { describeEachDatabase } from "@/lib/testing/integration";
import type { Caller } from "./auth/caller";
import { addMember, changeMemberRole, createProject, getProject, listMembers, removeMember, updateProject } from "./projects";
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

  it("managers add members by email, change and remove roles; removed members lose access and their sessions", async () => {
    const labeler = await as("lab");
    const member = await addMember(admin, projectId, { email: labeler.user.email, role: "labeler" });
    expect(member).toMatchObject({ email: labeler.user.email, role: "labeler" });
    expect((await getProject(labeler, projectId)).role).toBe("labeler");
    expect((await failure(updateProject(labeler, projectId, { name: "mine" }))).status).toBe(403);
    expect((await failure(addMember(labeler, projectId, { email: admin.user.email, role: "labeler" }))).status).toBe(403);

    expect((await changeMemberRole(admin, projectId, labeler.user.id, "reviewer")).role).toBe("reviewer");
    await removeMember(admin, projectId, labeler.user.id);
    expect(await userForSession(labeler.user.id, labeler.user.sessionVersion)).toBeNull();
    expect((await failure(getProject(labeler, projectId))).status).toBe(404);
    expect((await failure(addMember(admin, projectId, { email: "ghost@nowhere.test", role: "labeler" }))).message).toBe(
      "No user with email ghost@nowhere.test. An administrator can create the account first.",
    );
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
});
