import { existsSync, readdirSync, readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { failure } from "@/lib/testing/failure";
import { fixturePath } from "@/lib/testing/fixtures";
import { describeEachDatabase } from "@/lib/testing/integration";
import { useTemporaryMediaDir } from "@/lib/testing/media-dir";
import { itemAnnotations } from "./annotations";
import type { Caller } from "./auth/caller";
import { importFiles, receiveMultipart } from "./imports";
import { listItems } from "./items";
import { incomingDir } from "./media/store";
import { addMember, createProject, listMembers } from "./projects";
import { itemReview } from "./review";
import { createUser } from "./users";

useTemporaryMediaDir("concord-ls-import-");

/** A task as Label Studio exports it: its upload prefix on the file name, percent boxes, people as objects or ids. */
function labelStudioTask(file: string, annotations: { by: unknown; label: string; cancelled?: boolean }[]) {
  return {
    id: 1,
    data: { image: `/data/upload/3/1a2b3c4d-${file}` },
    annotations: annotations.map(({ by, label, cancelled }) => ({
      completed_by: by,
      was_cancelled: cancelled ?? false,
      result: [
        { id: "a", type: "choices", from_name: "kind", to_name: "image", value: { choices: [label] } },
        { id: "b", type: "rectanglelabels", from_name: "things", to_name: "image", original_width: 400, original_height: 300, value: { x: 10, y: 20, width: 50, height: 25, rotation: 0, rectanglelabels: ["mug"] } },
      ],
    })),
  };
}

async function upload(files: string[], labelStudio: unknown) {
  const form = new FormData();
  for (const file of files) form.append("files", new Blob([readFileSync(fixturePath(`images/${file}`))]), file);
  form.append("labelStudio", new Blob([typeof labelStudio === "string" ? labelStudio : JSON.stringify(labelStudio)]), "export.json");
  return receiveMultipart(new Request("http://concord.test/upload", { method: "POST", body: form }));
}

describeEachDatabase("Label Studio imports", (context) => {
  const tag = () => context().target.provider;
  let manager: Caller;
  let projectId: string;

  it("imports items with their annotations under the annotators' accounts, and says what it left out", async () => {
    manager = { user: await createUser({ email: `boss@${tag()}.ls`, password: "password 123", isAdmin: true }), via: "session" };
    const [ivy, jon] = [await createUser({ email: `ivy@${tag()}.ls`, name: "Ivy", password: "password 123" }), await createUser({ email: `jon@${tag()}.ls`, name: "Jon", password: "password 123" })];
    const gone = await createUser({ email: `gone@${tag()}.ls`, name: "Gone", password: "password 123" });
    await context().client.user.update({ where: { id: gone.id }, data: { disabledAt: new Date() } });
    projectId = (
      await createProject(manager, {
        name: "Mugs",
        mediaKind: "image",
        overlap: 2,
        tasks: [
          { key: "kind", type: "classification", classes: ["mug", "glass"] },
          { key: "things", type: "bbox", classes: ["mug"] },
        ],
      })
    ).id;
    await addMember(manager, projectId, { email: jon.email, role: "reviewer" });
    const exported = [
      labelStudioTask("coffee.png", [
        { by: { id: 7, email: ivy.email.toUpperCase() }, label: "mug" }, // emails match whatever their case
        { by: { id: 8, email: jon.email }, label: "mug" },
        { by: { id: 9, email: "gone@elsewhere.test" }, label: "glass" },
        { by: 10, label: "glass", cancelled: true },
        { by: { email: gone.email }, label: "glass" },
      ]),
      labelStudioTask("chelsea.png", [{ by: 11, label: "glass" }]),
      labelStudioTask("not-uploaded.png", [{ by: { email: ivy.email }, label: "mug" }]),
    ];
    const received = await upload(["coffee.png", "chelsea.png"], exported);
    const result = await importFiles(manager, projectId, received.files, null, "upload", received.labelStudio);

    expect(result.created.map((item) => item.name).sort()).toEqual(["chelsea.png", "coffee.png"]);
    expect(result.labelStudio).toEqual({
      annotations: 2,
      newLabelers: [ivy.email], // jon was a reviewer already, and stays one
      problems: [
        // Files are named as the export names them.
        `1a2b3c4d-coffee.png: the annotator "gone@elsewhere.test" has no Concord account with that email; create it and import again`,
        `1a2b3c4d-coffee.png: the annotator "${gone.email}" has no active Concord account with that email; enable it and import again`,
        `1a2b3c4d-chelsea.png: the annotator "11" has no Concord account with that email; create it and import again`,
        "1a2b3c4d-not-uploaded.png: no uploaded file and no single item of the project has this name, so its 1 annotation(s) were left out",
      ],
    });
    expect((await listMembers(manager, projectId)).map((member) => [member.email, member.role])).toEqual([
      [manager.user.email, "manager"],
      [jon.email, "reviewer"],
      [ivy.email, "labeler"],
    ]);
    const coffee = result.created.find((item) => item.name === "coffee.png")!;
    const annotations = await itemAnnotations(manager, coffee.id);
    expect(annotations.map((annotation) => annotation.labeler.email).sort()).toEqual([ivy.email, jon.email]);
    // Percent of Label Studio's original_width and original_height, back in pixels.
    expect(annotations[0]!.result).toEqual([
      { task: "kind", type: "classification", values: ["mug"] },
      { task: "things", type: "bbox", label: "mug", x: 40, y: 60, width: 200, height: 75 },
    ]);
    expect(annotations[0]!.client).toMatchObject({ importedFrom: "label-studio", importBatchId: result.batchId });
    // Two labels that agree: the item is judged like any other.
    expect(await itemReview(manager, coffee.id)).toMatchObject({ state: "accepted" });
    const items = (await listItems(manager, projectId, new URLSearchParams())).items;
    expect(items.find((item) => item.id === coffee.id)).toMatchObject({ submittedCount: 2 });
  });

  it("adds annotations to items imported earlier by name, and never replaces a labeler's label", async () => {
    const again = await upload([], [labelStudioTask("coffee.png", [{ by: { email: `ivy@${tag()}.ls` }, label: "glass" }]), labelStudioTask("chelsea.png", [{ by: { email: `jon@${tag()}.ls` }, label: "glass" }])]);
    const result = await importFiles(manager, projectId, again.files, null, "api", again.labelStudio);
    expect(result.created).toEqual([]);
    expect(result.labelStudio).toEqual({ annotations: 1, newLabelers: [], problems: [`1a2b3c4d-coffee.png: ivy@${tag()}.ls has already labeled this item; their label in Concord was kept`] });
  });

  it("never moves an annotation onto an older item when the file sent under that name is refused", async () => {
    const form = new FormData();
    form.append("files", new Blob([readFileSync(fixturePath("bad/truncated.jpg"))]), "rocket.jpg");
    form.append("labelStudio", new Blob([JSON.stringify([labelStudioTask("rocket.jpg", [{ by: { email: `jon@${tag()}.ls` }, label: "mug" }])])]), "export.json");
    const first = await upload(["rocket.jpg"], []);
    await importFiles(manager, projectId, first.files, null, "upload", null);
    const received = await receiveMultipart(new Request("http://concord.test/upload", { method: "POST", body: form }));
    const result = await importFiles(manager, projectId, received.files, null, "upload", received.labelStudio);
    expect(result.rejected.map((rejection) => rejection.name)).toEqual(["rocket.jpg"]);
    expect(result.labelStudio).toEqual({ annotations: 0, newLabelers: [], problems: ["1a2b3c4d-rocket.jpg: the file of this name was refused (see rejected), so its 1 annotation(s) were left out"] });
  });

  it("refuses an export that is not JSON before storing anything", async () => {
    const before = (await listItems(manager, projectId, new URLSearchParams())).items.map((item) => item.originalName);
    const received = await upload(["astronaut.png"], "{ not json");
    const refused = await failure(importFiles(manager, projectId, received.files, null, "upload", received.labelStudio));
    expect(refused.status).toBe(400);
    expect(refused.message).toMatch(/^export\.json is not a Label Studio JSON export/);
    expect((await listItems(manager, projectId, new URLSearchParams())).items.map((item) => item.originalName)).toEqual(before);
    expect(existsSync(incomingDir()) ? readdirSync(incomingDir()) : []).toEqual([]);
  });
});
