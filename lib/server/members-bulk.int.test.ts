import { expect, it } from "vitest";
import { POST as addMemberRoute } from "@/app/api/v1/projects/[projectId]/members/route";
import { apiClient, expectJson } from "@/lib/testing/api";
import { failure } from "@/lib/testing/failure";
import { describeEachDatabase } from "@/lib/testing/integration";
import { memberEntryResultsSchema } from "@/lib/validation/api";
import { createApiToken } from "./api-tokens";
import type { Caller } from "./auth/caller";
import { addMember, addMembers, createProject, listInvitations, listMembers } from "./projects";
import { createUser } from "./users";

describeEachDatabase("adding members from a pasted list", (context) => {
  const domain = () => `${context().target.provider}.bulk.test`;
  const as = async (name: string, isAdmin = false): Promise<Caller> => ({
    user: await createUser({ email: `${name}@${domain()}`, password: "password 123", isAdmin }),
    via: "session",
  });
  const newProject = (owner: Caller, name: string) => createProject(owner, { name, mediaKind: "image", tasks: [{ key: "kind", type: "classification", classes: ["a", "b"] }] });

  it("a manager's list: members keep their role, everyone else is invited (account or not), and bad entries are reported", async () => {
    const owner = await as("owner", true);
    const { id: projectId } = await newProject(owner, "Bulk");
    const manager = await as("manager");
    const member = await as("member");
    const withAccount = await as("with-account");
    await addMember(owner, projectId, { email: manager.user.email, role: "manager" });
    await addMember(owner, projectId, { email: member.user.email, role: "reviewer" });

    const results = await addMembers(manager, projectId, {
      emails: [`Member Person <${member.user.email}>, ${withAccount.user.email.toUpperCase()}`, `new@${domain()} nonsense`, `new@${domain()}`],
      role: "labeler",
    });
    expect(results).toEqual([
      { entry: member.user.email, status: "member", email: member.user.email, message: "Already a reviewer." },
      { entry: withAccount.user.email.toUpperCase(), status: "invited", email: withAccount.user.email },
      { entry: `new@${domain()}`, status: "invited", email: `new@${domain()}` },
      { entry: "nonsense", status: "invalid", email: null, message: "Enter a valid email address." },
    ]);
    const invitations = await listInvitations(manager, projectId);
    expect(invitations.map(({ email, role }) => [email, role])).toEqual([
      [withAccount.user.email, "labeler"],
      [`new@${domain()}`, "labeler"],
    ]);
    expect((await listMembers(manager, projectId)).find((row) => row.userId === member.user.id)?.role).toBe("reviewer");
    const audit = await context().client.auditEvent.count({ where: { projectId, action: "member.invite" } });
    expect(audit).toBe(2);
  });

  it("an administrator's list makes accounts members at once; labelers may not add anyone", async () => {
    const owner = await as("admin-owner", true);
    const { id: projectId } = await newProject(owner, "Bulk by admin");
    const person = await as("person");
    const results = await addMembers(owner, projectId, { emails: [person.user.email, `stranger@${domain()}`], role: "reviewer" });
    expect(results.map((result) => result.status)).toEqual(["added", "invited"]);
    expect((await listMembers(owner, projectId)).find((row) => row.userId === person.user.id)?.role).toBe("reviewer");
    expect((await failure(addMembers(person, projectId, { emails: [`x@${domain()}`], role: "labeler" }))).status).toBe(403);
  });

  it("serves the API with a bounded list, writing nothing for a refused one", async () => {
    const owner = await as("api-owner", true);
    const { id: projectId } = await newProject(owner, "Bulk by API");
    const api = apiClient((await createApiToken(owner, { name: "bulk" })).token);
    const post = (body: unknown) => api(addMemberRoute, { projectId }, `/projects/${projectId}/members`, { method: "POST", body: JSON.stringify(body) });
    const answer = memberEntryResultsSchema.parse(await expectJson(await post({ emails: [`a@${domain()}`, "b"], role: "labeler" }), 200));
    expect(answer.results.map((result) => result.status)).toEqual(["invited", "invalid"]);

    const tooMany = Array.from({ length: 501 }, (_, index) => `p${index}@${domain()}`);
    expect(await expectJson(await post({ emails: tooMany, role: "labeler" }), 400)).toMatchObject({ error: { message: "emails: At most 500 emails at once." } });
    const packed = [tooMany.slice(0, 300).join(" "), tooMany.slice(300).join(" ")];
    expect(await expectJson(await post({ emails: packed, role: "labeler" }), 400)).toMatchObject({ error: { message: "emails: At most 500 emails at once; this list has 501." } });
    expect(await context().client.invitation.count({ where: { projectId } })).toBe(1);
  });
});
