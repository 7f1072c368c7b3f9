import { expect, it } from "vitest";
import { describeEachDatabase } from "@/lib/testing/integration";
import { useTemporaryMediaDir } from "@/lib/testing/media-dir";
import { DEMO_MODEL, demoDefinition, seedDemo } from "./demo";

useTemporaryMediaDir("concord-demo-");

describeEachDatabase("the demo (issue 22: its baseline model's predictions)", (context) => {
  it("seeds each demo project with demo-baseline 1's prediction of every item, through the predictions import, and a second run changes nothing", async () => {
    const first = await seedDemo();
    const demo = await demoDefinition();
    expect(first.createdPredictions).toBe(demo.projects.reduce((total, project) => total + project.items.length, 0));
    const models = await context().client.predictionModel.findMany({
      where: DEMO_MODEL,
      select: { predictionCount: true, predictionsChangedAt: true, project: { select: { name: true } } },
      orderBy: { project: { name: "asc" } },
    });
    expect(models.map((model) => [model.project.name, model.predictionCount])).toEqual(demo.projects.map((project) => [project.name, project.items.length]).sort());

    // Plausible and sometimes wrong: the noisy car clip is mis-transcribed, the cat's scene taken for outdoors.
    const prediction = (item: string) => context().client.prediction.findFirstOrThrow({ where: { model: DEMO_MODEL, item: { originalName: item } }, select: { result: true, score: true } });
    const noisy = await prediction("noisy_car.wav");
    expect(noisy.result).toContainEqual({ task: "text", type: "transcript", text: "nearest cash station lease", score: 0.39 });
    expect(noisy.score).toBe(0.39); // the lowest of its entries' scores
    expect((await prediction("chelsea.png")).result).toContainEqual({ task: "scene", type: "classification", values: ["outdoor"], score: 0.52 });

    const again = await seedDemo();
    expect([again.createdUsers, again.createdProjects, again.createdItems, again.createdPredictions]).toEqual([0, 0, 0, 0]);
    const after = await context().client.predictionModel.findMany({ where: DEMO_MODEL, select: { predictionCount: true, predictionsChangedAt: true }, orderBy: { project: { name: "asc" } } });
    expect(after).toEqual(models.map(({ predictionCount, predictionsChangedAt }) => ({ predictionCount, predictionsChangedAt })));
  });
});
