import { expect, it } from "vitest";
import { krippendorffAlpha } from "@/lib/quality/categorical";
import { describeEachDatabase } from "@/lib/testing/integration";
import { projectAgreement } from "./agreement";
import { submitAnnotation } from "./annotations";
import { nextAssignment } from "./assignments";
import type { Caller } from "./auth/caller";
import { AppError } from "./errors";
import { addMember, createProject } from "./projects";
import { createUser } from "./users";

// Three labelers answer four items; rows are labelers, columns items (c has no answer for item 3).
const ANSWERS = [
  ["ok", "scratch", "ok", "scratch"],
  ["ok", "scratch", "scratch", "scratch"],
  ["ok", "ok", null, "scratch"],
] as const;
const DEVICES = ["phone", "phone", "laptop", "laptop"];

describeEachDatabase("agreement in the app", (context) => {
  it("stores an item's agreement when it reaches its overlap and serves project figures", async () => {
    const tag = context().target.provider;
    const manager: Caller = { user: await createUser({ email: `am@${tag}.test`, password: "password 123", isAdmin: true }), via: "session" };
    const project = await createProject(manager, {
      name: "Agree",
      mediaKind: "image",
      overlap: 3,
      tasks: [
        { key: "defect", type: "classification", classes: ["ok", "scratch"] },
        { key: "boxes", type: "bbox", classes: ["scratch"] },
      ],
    });
    const itemIds: string[] = [];
    for (const [index, device] of DEVICES.entries()) {
      const item = await context().client.item.create({
        data: { projectId: project.id, mediaPath: `p/${index}.png`, mimeType: "image/png", originalName: `${index}.png`, sha256: `agree-${index}`, sizeBytes: 1, width: 100, height: 100, metadata: { device }, createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, index)) },
      });
      itemIds.push(item.id);
    }
    const labelers: Caller[] = [];
    for (const name of ["a", "b", "c"]) {
      const user = await createUser({ email: `${name}@agree.${tag}.test`, password: "password 123" });
      await addMember(manager, project.id, { email: user.email, role: "labeler" });
      labelers.push({ user, via: "token" });
    }
    // Each labeler works through the queue; an item gets the labeler's answer and one box.
    for (const [row, labeler] of labelers.entries()) {
      for (let lease = await nextAssignment(labeler, project.id); lease; lease = await nextAssignment(labeler, project.id)) {
        const column = itemIds.indexOf(lease.item.id);
        const answer = ANSWERS[row]![column];
        const result = [
          ...(answer ? [{ task: "defect", type: "classification", values: [answer] }] : []),
          { task: "boxes", type: "bbox", label: "scratch", x: 10, y: 10, width: 20, height: 20 },
        ];
        await submitAnnotation(labeler, lease.assignment.id, { result, activeMs: 1000 }, null);
      }
    }

    const stored = await context().client.item.findUniqueOrThrow({ where: { id: itemIds[0]! } });
    expect(stored.agreement).toMatchObject({ defect: { percentAgreement: { value: 1 }, votes: { ok: 3 } }, boxes: { meanF1: { value: 1 } } });
    expect(stored.agreementAt).toBeInstanceOf(Date);

    const figures = await projectAgreement(manager, project.id);
    const expected = krippendorffAlpha(ANSWERS.map((row) => [...row]), { level: "nominal" }).value!;
    expect(figures.labeledItems).toBe(4);
    expect(figures.tasks.defect).toMatchObject({ type: "classification", alpha: { value: expect.closeTo(expected, 12) }, byGuidelineVersion: { v1: { value: expect.closeTo(expected, 12) } } });
    const phone = krippendorffAlpha(ANSWERS.map((row) => row.slice(0, 2)), { level: "nominal" }).value!;
    expect(figures.tasks.defect?.byMetadata.device?.phone?.value).toBeCloseTo(phone, 12);
    expect(figures.tasks.boxes).toMatchObject({ type: "bbox", figure: "meanF1", mean: { value: 1 }, items: 4 });

    const labeler = labelers[0]!;
    const refused = await projectAgreement(labeler, project.id).then(() => null, (error: unknown) => error as AppError);
    expect(refused?.status).toBe(403);
  });
});
