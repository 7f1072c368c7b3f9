import { expect, test } from "./fixtures";
import { fixture, saveScreenshot, signIn } from "./helpers";

test("tags from an import manifest and a metadata value filter the items page, show on each item and on the dashboard (issue 22)", async ({ page }) => {
  test.setTimeout(90_000);
  await signIn(page, "admin@example.com");
  const created = await page.request.post("/api/v1/projects", { data: { name: "E2E tags", mediaKind: "image", tasks: [{ key: "kind", type: "classification", classes: ["cup", "cat", "other"] }] } });
  expect(created.status()).toBe(201);
  const { id: projectId } = (await created.json()) as { id: string };
  const manifest = { name: "manifest.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify([
    { file: "coffee.png", camera: "studio", tags: ["kitchen", "close-up"] },
    { file: "chelsea.png", camera: "phone", tags: ["close-up"] },
    { file: "rocket.jpg", camera: "telephoto" },
    { file: "astronaut.png", camera: "studio" },
  ])) };
  const imported = await page.request.post(`/api/v1/projects/${projectId}/imports`, {
    multipart: { files: fixture("images/coffee.png"), manifest },
  });
  expect(imported.status()).toBe(201);
  for (const file of ["images/chelsea.png", "images/rocket.jpg", "images/astronaut.png"]) {
    const more = await page.request.post(`/api/v1/projects/${projectId}/imports`, { multipart: { files: fixture(file), manifest } });
    expect(more.ok(), await more.text()).toBe(true);
  }
  // Tag the studio shots from their metadata: a job, answered 202.
  const started = await page.request.post(`/api/v1/projects/${projectId}/tags/from-metadata`, { data: { key: "camera", value: "studio", tag: "studio shot" } });
  expect(started.status()).toBe(202);
  await expect.poll(async () => ((await (await page.request.get(`/api/v1/projects/${projectId}/tags`)).json()) as { tags: { name: string; items: number }[] }).tags).toEqual([
    { name: "close-up", description: "", items: 2 },
    { name: "studio shot", description: "", items: 2 },
    { name: "kitchen", description: "", items: 1 },
  ]);

  await page.goto(`/projects/${projectId}/items`);
  await expect(page.getByRole("list", { name: "Tags of coffee.png" })).toHaveText(["kitchen", "close-up", "studio shot"].join(""));
  const tagFilter = page.getByRole("combobox", { name: "Tag" });
  await tagFilter.selectOption("close-up");
  await expect(page).toHaveURL(/tag=close-up/);
  await expect(page.getByRole("list", { name: "Filters" })).toContainText("tag = close-up");
  await expect(page.getByRole("row")).toHaveCount(3); // the header and the two close-ups
  await expect(page.getByRole("row").filter({ hasText: "chelsea.png" })).toBeVisible();
  await saveScreenshot(page, "items-tag-filter");
  await tagFilter.selectOption("");
  await expect(page).not.toHaveURL(/tag=/);
  await expect(page.getByRole("row")).toHaveCount(5);

  await page.goto(`/projects/${projectId}/dashboard`);
  const tagsCard = page.getByRole("list", { name: "Tags" });
  await expect(tagsCard.getByRole("link")).toHaveText(["close-up: 2", "studio shot: 2", "kitchen: 1"]);
  await saveScreenshot(page, "dashboard-tags");
  await tagsCard.getByRole("link", { name: "studio shot: 2" }).click();
  await expect(page).toHaveURL(new RegExp(`/projects/${projectId}/items\\?tag=studio\\+shot$`));
  await expect(page.getByRole("row")).toHaveCount(3);

  // The demo comes with a baseline model's predictions of every item (other specs may have imported other models since).
  const projects = (await (await page.request.get("/api/v1/projects")).json()) as { projects: { id: string; name: string }[] };
  for (const [name, items] of [["Demo: photo objects", 4], ["Demo: voice search", 8]] as const) {
    const demo = projects.projects.find((project) => project.name === name)!;
    const { models } = (await (await page.request.get(`/api/v1/projects/${demo.id}/predictions`)).json()) as { models: { name: string; version: string; predictions: number }[] };
    expect(models.map(({ name: model, version, predictions }) => ({ model, version, predictions }))).toContainEqual({ model: "demo-baseline", version: "1", predictions: items });
  }
});
