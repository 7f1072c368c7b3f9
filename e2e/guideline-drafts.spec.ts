import { expect, test } from "./fixtures";
import { addMember, labelAs, removeMembers, saveScreenshotsInBothThemes, setUpProject, signIn } from "./helpers";

const V1 = "# Scenes\nFood: something to eat or drink.\n";

test("a reviewer drafts a clarification from a decided item; the manager sees it waiting, edits and publishes it with its author credited, and turns another down", async ({ browser, playwright }) => {
  test.setTimeout(180_000);
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, "admin@example.com");
  const scene = (value: string) => [{ task: "scene", type: "classification", values: [value] }];
  const tasks = [{ key: "scene", type: "classification", classes: ["food", "space"] }];
  const { projectId, itemIds } = await setUpProject(admin, { name: "Drafts", mediaKind: "image", overlap: 2, maxOverlap: 2, tasks, guidelines: V1 }, ["images/coffee.png"], "alice@example.com");
  const itemId = itemIds["coffee.png"]!;
  await addMember(admin, projectId, "bob@example.com", "labeler");
  await addMember(admin, projectId, "sme@example.com", "reviewer");
  await labelAs(playwright, "alice@example.com", projectId, scene("food"));
  await labelAs(playwright, "bob@example.com", projectId, scene("space"));

  // The reviewer decides the item (not as a guideline gap) and later, from the decided item, drafts a clarification.
  const reviewer = await (await browser.newContext()).newPage();
  await signIn(reviewer, "sme@example.com");
  const decided = await reviewer.request.post(`/api/v1/items/${itemId}/decision`, { data: { action: "exclude", reason: "a cup of coffee in space", category: "data-issue" } });
  expect(decided.status(), await decided.text()).toBe(201);
  await reviewer.goto(`/projects/${projectId}/review?item=${itemId}`);
  await reviewer.getByRole("button", { name: "Draft a guideline clarification" }).click();
  const form = reviewer.getByRole("form", { name: "Draft a guideline change" });
  await expect(form.getByLabel("What changes")).toBeFocused();
  await form.getByLabel("What changes").fill("drinks count as food");
  await form.getByLabel("Guidelines (markdown)").fill(`${V1}A drink, even in space, is food.\n`);
  await form.getByRole("button", { name: "Save draft" }).click();
  await expect(reviewer.getByText("Draft saved with coffee.png as its example")).toBeVisible();
  await saveScreenshotsInBothThemes(reviewer, "guideline-draft-from-decided-item");
  const second = await reviewer.request.post(`/api/v1/projects/${projectId}/guideline-drafts`, { data: { body: `${V1}Everything is food.\n`, changeNote: "everything is food" } });
  expect(second.status(), await second.text()).toBe(201);

  // The manager's project page says drafts wait and leads to them.
  await admin.goto(`/projects/${projectId}`);
  await saveScreenshotsInBothThemes(admin, "project-drafts-waiting");
  await admin.getByRole("link", { name: "2 guideline drafts waiting" }).click();
  await expect(admin).toHaveURL(new RegExp(`/projects/${projectId}/guidelines#drafts$`));
  const proposals = admin.getByRole("region", { name: "Proposed changes" });
  await expect(proposals.getByRole("link", { name: "coffee.png" })).toHaveAttribute("href", `/projects/${projectId}/review?item=${itemId}`);

  // Edited before publishing: the author stays credited.
  await proposals.getByRole("button", { name: "Edit: drinks count as food" }).click();
  const edit = proposals.getByRole("form", { name: "Edit the draft: drinks count as food" });
  await edit.getByLabel("What changes").fill("drinks are food");
  await edit.getByRole("button", { name: "Save the edit" }).click();
  await expect(proposals).toContainText("drinks are food · drafted by Sam Expert");
  await expect(proposals).toContainText("edited by a manager");
  await saveScreenshotsInBothThemes(admin, "guideline-drafts-waiting");

  // Publishing asks first, showing the difference.
  await proposals.getByRole("button", { name: "Publish: drinks are food" }).click();
  const confirm = admin.getByRole("dialog", { name: "Publish “drinks are food” as version 2?" });
  await expect(confirm.getByRole("group", { name: "Proposed change: drinks are food" })).toContainText("A drink, even in space, is food.");
  await saveScreenshotsInBothThemes(admin, "guideline-draft-publish-confirm");
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(confirm).toBeHidden();
  await proposals.getByRole("button", { name: "Publish: drinks are food" }).click();
  await confirm.getByRole("button", { name: "Publish version 2" }).click();
  await expect(admin.getByText(/^Version 2 \(current\) · .* · Ada Admin · Drafted by Sam Expert · drinks are food \(examples: coffee\.png\)$/)).toBeVisible();
  await expect(admin.getByRole("region", { name: "History" })).toContainText("Drafted by Sam Expert");

  // The other is turned down with a note.
  await proposals.getByRole("button", { name: "Turn down: everything is food" }).click();
  await proposals.getByLabel("Why not (the author reads this)").fill("Too broad: a cup is not food.");
  await proposals.getByRole("button", { name: "Turn down", exact: true }).click();
  await expect(proposals).toBeHidden();
  await saveScreenshotsInBothThemes(admin, "guideline-draft-turned-down");

  // The author reads the note; the API credits them on the version.
  await reviewer.goto(`/projects/${projectId}/guidelines`);
  await expect(reviewer.getByRole("region", { name: "Turned-down drafts" })).toContainText("Turned down by Ada Admin on");
  await expect(reviewer.getByRole("region", { name: "Turned-down drafts" })).toContainText("Too broad: a cup is not food.");
  const version = (await (await reviewer.request.get(`/api/v1/projects/${projectId}/guidelines/2`)).json()) as { draftedBy: string };
  expect(version.draftedBy).toBe("Sam Expert");
  await admin.goto(`/projects/${projectId}`);
  await expect(admin.getByRole("heading", { level: 1, name: "Drafts" })).toBeVisible();
  await expect(admin.getByText(/guideline drafts? waiting/)).toHaveCount(0);
  await removeMembers(admin, [projectId]);
});
