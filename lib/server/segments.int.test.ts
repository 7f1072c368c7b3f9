import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { wordErrorRate, DEFAULT_NORMALISATION } from "@/lib/quality/text-and-segments";
import { fixturePath } from "@/lib/testing/fixtures";
import { describeEachDatabase } from "@/lib/testing/integration";
import { useTemporaryMediaDir } from "@/lib/testing/media-dir";
import { itemAgreementSchema, projectAgreementSchema } from "@/lib/validation/api";
import { projectAgreement } from "./agreement";
import { submitAnnotation } from "./annotations";
import { nextAssignment } from "./assignments";
import type { Caller } from "./auth/caller";
import { importFiles, receiveMultipart } from "./imports";
import { addMember, createProject } from "./projects";
import { createUser } from "./users";

useTemporaryMediaDir("concord-segments-");

const TASKS = [{ key: "sound", type: "segment", classes: ["speech", "noise"], transcript: true }];
const segment = (label: string, start: number, end: number, transcript?: string) => ({ task: "sound", type: "segment", label, start, end, ...(transcript === undefined ? {} : { transcript }) });

// noisy_car.wav is clip3 (speech up to about 2.2 s) under brown noise, 2.5 s long. Each labeler draws the speech with
// what was said, and the noise over the whole clip on top of it, with boundaries a few hundredths apart.
const ANSWERS = {
  ann: [segment("speech", 0.05, 2.2, "nearest gas station please"), segment("noise", 0, 2.5)],
  ben: [segment("noise", 0.02, 2.48), segment("speech", 0.08, 2.17, "Nearest gas station, please.")],
  cat: [segment("speech", 0.04, 2.21, "nearest gas station"), segment("noise", 0, 2.5)],
};

describeEachDatabase("segments overlapping in time", (context) => {
  it("keeps speech and the noise drawn over it in the consensus of three labelers of noisy_car.wav, with figures per label and for the transcripts", async () => {
    const tag = context().target.provider;
    const manager: Caller = { user: await createUser({ email: `mgr@seg.${tag}.test`, password: "password 123", isAdmin: true }), via: "session" };
    const project = await createProject(manager, { name: "Car", mediaKind: "audio", overlap: 3, maxOverlap: 3, tasks: TASKS });
    // The real file, through the real upload: its duration is read from the WAV header.
    const form = new FormData();
    form.append("files", new Blob([readFileSync(fixturePath("audio/noisy_car.wav"))]), "noisy_car.wav");
    const received = await receiveMultipart(new Request("http://concord.test/upload", { method: "POST", body: form }));
    const [created] = (await importFiles(manager, project.id, received.files, received.manifest, "upload")).created;
    const item = await context().client.item.findUniqueOrThrow({ where: { id: created!.id } });
    expect(item.durationMs).toBeCloseTo(2504, 0);

    for (const [name, result] of Object.entries(ANSWERS)) {
      const labeler: Caller = { user: await createUser({ email: `${name}@seg.${tag}.test`, password: "password 123", name }), via: "token" };
      await addMember(manager, project.id, { email: labeler.user.email, role: "labeler" });
      const lease = await nextAssignment(labeler, project.id);
      expect(lease?.item.id).toBe(item.id);
      await submitAnnotation(labeler, lease!.assignment.id, { result, activeMs: 3000 }, null);
    }

    const consensus = await context().client.consensusResult.findFirstOrThrow({ where: { itemId: item.id }, orderBy: { createdAt: "desc" } });
    expect(consensus.result).toEqual([
      segment("noise", 0, 2.5),
      // The medoid of the three transcripts: "nearest gas station please" twice (once with capitals and commas).
      segment("speech", 0.05, 2.2, "nearest gas station please"),
    ]);

    const { agreement } = await context().client.item.findUniqueOrThrow({ where: { id: item.id }, select: { agreement: true } });
    // The stored JSON is what the API documents.
    expect(itemAgreementSchema.parse(agreement)).toEqual(agreement);
    const sound = (agreement as Record<string, { meanF1: unknown; perLabel: { label: string; f1: unknown }[]; transcriptWer: { value: number } }>).sound!;
    expect(sound.meanF1).toEqual({ value: 1 });
    expect(sound.perLabel.map(({ label, f1 }) => [label, f1])).toEqual([
      ["noise", { value: 1 }],
      ["speech", { value: 1 }],
    ]);
    // Cat left out "please": 1 deletion in 4 words against ann's and ben's, 1 insertion in 3 the other way.
    const withoutPlease = (wordErrorRate("nearest gas station please", "nearest gas station", DEFAULT_NORMALISATION) + wordErrorRate("nearest gas station", "nearest gas station please", DEFAULT_NORMALISATION)) / 2;
    expect(sound.transcriptWer.value).toBeCloseTo((0 + 2 * withoutPlease) / 3, 12);

    const figures = projectAgreementSchema.parse(await projectAgreement(manager, project.id)).tasks.sound!;
    if (figures.type === "classification") throw new Error("sound is a segment task");
    expect(figures.perClass).toEqual([
      { label: "noise", f1: 1, objects: 6 },
      { label: "speech", f1: 1, objects: 6 },
    ]);
    expect(figures.segmentTranscripts).toMatchObject({ mean: { value: expect.closeTo(1 - sound.transcriptWer.value, 12) }, items: 1 });
    const pairs = figures.segmentTranscripts!.labelerPairs;
    const catIndex = pairs.labelers.indexOf((await context().client.user.findFirstOrThrow({ where: { name: "cat", email: { endsWith: `seg.${tag}.test` } } })).id);
    expect(pairs.agreement[catIndex]!.filter((value) => value !== null)).toEqual([expect.closeTo(1 - withoutPlease, 12), expect.closeTo(1 - withoutPlease, 12)]);
  });
});
