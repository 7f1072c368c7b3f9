import { expect, it } from "vitest";
import { failure } from "@/lib/testing/failure";
import { describeEachDatabase } from "@/lib/testing/integration";
import { DEFAULT_SKIP_REASONS } from "@/lib/labeling/skip-reasons";
import { skipAssignment, submitAnnotation } from "./annotations";
import { nextAssignment } from "./assignments";
import type { Caller } from "./auth/caller";
import { dashboardFigures } from "./dashboard";
import { addMember, createProject, getProject, projectProgress, updateProject } from "./projects";
import { itemReview } from "./review";
import { addImportedItems } from "./statistics";
import { createUser } from "./users";

const TASKS = [{ key: "defect", type: "classification", classes: ["ok", "scratch"] }];

describeEachDatabase("skip reasons", (context) => {
  const tag = () => context().target.provider;

  async function project(name: string, items: number) {
    const manager: Caller = { user: await createUser({ email: `${name}-m@${tag()}.test`, password: "password 123", isAdmin: true }), via: "session" };
    const { id: projectId } = await createProject(manager, { name, mediaKind: "image", overlap: 2, tasks: TASKS });
    for (let index = 0; index < items; index++) {
      await context().client.item.create({
        data: { projectId, mediaPath: `x/${index}.png`, mimeType: "image/png", originalName: `${index}.png`, sha256: `${name}-${index}`, sizeBytes: 1, width: 10, height: 10, metadata: {}, createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, index)) },
      });
    }
    await addImportedItems(context().client, projectId, Array.from({ length: items }, () => ({})));
    const labelers: Caller[] = [];
    for (const labeler of ["ann", "ben"]) {
      const user = await createUser({ email: `${name}-${labeler}@${tag()}.test`, password: "password 123" });
      await addMember(manager, projectId, { email: user.email, role: "labeler" });
      labelers.push({ user, via: "token" });
    }
    return { manager, projectId, labelers: labelers as [Caller, Caller] };
  }

  it("keeps the project's list, refuses a bad one naming the entry, and goes back to the defaults with null", async () => {
    const { manager, projectId } = await project("settings", 0);
    expect((await getProject(manager, projectId)).skipReasons).toEqual(DEFAULT_SKIP_REASONS);
    await updateProject(manager, projectId, { skipReasons: ["Blurry", "Wrong product"] });
    expect((await getProject(manager, projectId)).skipReasons).toEqual(["Blurry", "Wrong product"]);
    const duplicate = await failure(updateProject(manager, projectId, { skipReasons: ["Blurry", "blurry"] }));
    expect([duplicate.status, duplicate.message]).toEqual([400, `skipReasons.1: "blurry" is listed twice`]);
    await updateProject(manager, projectId, { skipReasons: null });
    expect((await getProject(manager, projectId)).skipReasons).toEqual(DEFAULT_SKIP_REASONS);
  });

  it("stores a listed reason or other with its note, refuses the rest with a clear 400, and shows them in review, progress and the dashboard", async () => {
    const { manager, projectId, labelers } = await project("skips", 4);
    const [ann, ben] = labelers;
    await updateProject(manager, projectId, { skipReasons: ["Blurry", "Wrong product"] });
    const startOfDay = new Date(Date.now() - 60_000);

    const first = (await nextAssignment(ann, projectId))!;
    const unlisted = await failure(skipAssignment(ann, first.assignment.id, { reason: "Too dark", note: "" }));
    expect([unlisted.status, unlisted.message]).toEqual([400, `reason: "Too dark" is not one of this project's skip reasons (Blurry, Wrong product, other)`]);
    const bare = await failure(skipAssignment(ann, first.assignment.id, { reason: "other", note: " " }));
    expect([bare.status, bare.message]).toEqual([400, `reason: "other" needs a note saying why you skip`]);
    await skipAssignment(ann, first.assignment.id, { reason: "Blurry" });
    const second = (await nextAssignment(ann, projectId))!;
    await skipAssignment(ann, second.assignment.id, { reason: "other", note: "a hand covers the part" });
    const third = (await nextAssignment(ann, projectId))!;
    await submitAnnotation(ann, third.assignment.id, { result: [{ task: "defect", type: "classification", values: ["ok"] }], activeMs: 5 }, null);
    // Ben skips with free text, as an old client would.
    const bens = (await nextAssignment(ben, projectId))!;
    await skipAssignment(ben, bens.assignment.id, { reason: "no part in view" });

    const skipsOf = async (itemId: string) => {
      const review = await itemReview(manager, itemId);
      return "skips" in review ? review.skips.map(({ labeler, reason, note, revisionLease }) => [labeler.name, reason, note, revisionLease]) : null;
    };
    expect(await skipsOf(first.item.id)).toEqual([[ann.user.name, "Blurry", null, false]]);
    expect(await skipsOf(second.item.id)).toEqual([[ann.user.name, "other", "a hand covers the part", false]]);
    expect(await skipsOf(bens.item.id)).toEqual([[ben.user.name, "other", "no part in view", false]]);
    // A labeler sees the item's state only.
    expect(await itemReview(ann, first.item.id)).toEqual({ state: "open" });

    expect(await projectProgress(ann, projectId, startOfDay)).toEqual({ mine: 1, mineSkipped: 2, today: 1, complete: 0, items: 4 });
    expect((await projectProgress(ann, projectId, new Date(Date.now() + 60_000))).today).toBe(0);

    expect((await dashboardFigures(projectId)).skipsByReason).toEqual([
      { reason: "Blurry", skips: 1 },
      { reason: "Wrong product", skips: 0 },
      { reason: "other", skips: 2 },
    ]);
  });
});
