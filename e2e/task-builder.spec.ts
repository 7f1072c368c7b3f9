import { expect, test } from "./fixtures";
import { fixture, saveScreenshot, signIn } from "./helpers";

test("a manager builds a project's tasks in the form alone, from a template, with a live preview, and labelers see those classes", async ({ page, browser }) => {
  test.slow(); // a project created, an image imported, a labeler's session: more than the default 30 s on a shared machine
  await signIn(page, "admin@example.com");
  await page.getByRole("link", { name: "New project" }).click();
  const name = `Built ${Date.now().toString(36)}: phone cases`;
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Guidelines (Markdown, version 1)").fill("# Phone cases\nBorderline: a mark you see only under the lamp.");

  // A template over the starting tasks replaces them at once: nothing was edited yet.
  await page.getByRole("button", { name: /^Voice search transcripts/ }).click();
  await expect(page.getByRole("radio", { name: /Audio/ })).toBeChecked();
  await expect(page.getByLabel("Task 2 type")).toHaveValue("transcript");
  const preview = page.getByRole("region", { name: "Preview: the labeling workspace" });
  await expect(preview.getByRole("radio", { name: /^navigation/ })).toBeVisible();
  await saveScreenshot(page, "task-builder-voice-search");

  // Now the defect template: the tasks are the voice-search template's, unedited, so no question either.
  await page.getByRole("button", { name: /^Defect inspection/ }).click();
  await expect(page.getByRole("radio", { name: /Images/ })).toBeChecked();
  await expect(page.getByLabel("Task 1 uncertainty class")).toHaveValue("borderline");
  await expect(page.getByLabel("Task 2 type")).toHaveValue("bbox");
  await expect(preview.getByTestId("image-stage").locator("canvas").first()).toBeVisible();
  await expect(preview.getByRole("radio", { name: /^borderline/ })).toBeVisible();

  // A hotkey another class has is named beside the field, in the API's words; the preview keeps the last valid tasks.
  const hotkey = page.getByLabel("Task 1 class 2 hotkey");
  await page.getByLabel("Task 1 class 1 hotkey").fill("d");
  await expect(hotkey).toHaveAttribute("aria-invalid", "true");
  await expect(hotkey).toHaveAccessibleDescription('hotkey "d" is used by another class');
  await expect(preview).toContainText("Showing the last tasks without problems");
  await saveScreenshot(page, "task-builder-duplicate-hotkey");
  await hotkey.fill("f");
  await expect(hotkey).toHaveAttribute("aria-invalid", "false");
  await expect(preview.getByRole("radio", { name: /^defect/ })).toBeVisible();

  // A class added, renamed and moved up by keyboard-labelled controls.
  await page.getByRole("button", { name: "Add a class to task 1" }).click();
  await page.getByRole("textbox", { name: "Task 1 class 3", exact: true }).fill("cracked");
  await page.getByRole("button", { name: "Move task 1 class 3 up" }).click();
  await expect(page.getByRole("textbox", { name: "Task 1 class 2", exact: true })).toHaveValue("cracked");
  await expect(preview.getByRole("radiogroup", { name: "verdict" }).getByRole("radio")).toHaveText(["okd", "cracked2", "defectf", "borderlineu"]);

  // Switching to audio would discard the boxes: a dialog asks, and Cancel keeps every edit.
  await page.getByRole("radio", { name: /Audio/ }).click();
  const dialog = page.getByRole("dialog", { name: "Switch to audio?" });
  await expect(dialog).toContainText("defects (bbox)");
  await saveScreenshot(page, "task-builder-switch-media");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("radio", { name: /Images/ })).toBeChecked();
  await expect(page.getByLabel("Task 1 class 3 hotkey")).toHaveValue("f");
  await expect(page.getByLabel("Task 2 key")).toHaveValue("defects");

  // A template over edits asks too.
  await page.getByRole("button", { name: /^Speaker segments/ }).click();
  await page.getByRole("dialog", { name: "Start from “Speaker segments”?" }).getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByRole("textbox", { name: "Task 1 class 2", exact: true })).toHaveValue("cracked");

  // The JSON view shows the same tasks; text that is not JSON stays there with its problem, and the form keeps its tasks.
  await page.getByRole("button", { name: "JSON (advanced)" }).click();
  const json = page.getByLabel("Tasks (JSON)");
  await expect(json).toHaveValue(/"name": "cracked"/);
  await json.fill('[{"key": "verdict",');
  await expect(json).toHaveAccessibleDescription(/^Not valid JSON: /);
  await saveScreenshot(page, "task-builder-json");
  await page.getByRole("button", { name: "Form", exact: true }).click();
  await expect(page.getByLabel("Task 1 class 3 hotkey")).toHaveValue("f");
  await saveScreenshot(page, "task-builder-form");

  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page.getByRole("heading", { name })).toBeVisible();
  const projectId = page.url().split("/").pop()!;
  const { tasks } = (await (await page.request.get(`/api/v1/projects/${projectId}`)).json()) as { tasks: { key: string; classes?: { name: string; hotkey?: string }[]; uncertainClass?: string }[] };
  expect(tasks[0]).toMatchObject({ key: "verdict", uncertainClass: "borderline", classes: [{ name: "ok" }, { name: "cracked" }, { name: "defect", hotkey: "f" }] });
  await page.getByLabel("Files to import").setInputFiles([fixture("images/chelsea.png")]);
  await expect(page.getByRole("status").filter({ hasText: "imported" })).toContainText("1 imported");
  await page.getByRole("textbox", { name: "Add by email" }).fill("carol@example.com");
  await page.getByRole("button", { name: "Add", exact: true }).click();
  await expect(page.getByRole("combobox", { name: "Role of carol@example.com" })).toHaveValue("labeler");

  // The settings page edits the tasks with the same form: the media kind is fixed, a class gets a hotkey.
  await page.getByRole("link", { name: "Settings" }).click();
  await expect(page.getByRole("radio", { name: /Audio/ })).toBeDisabled();
  await expect(page.getByRole("button", { name: /^Voice search transcripts/ })).toHaveCount(0);
  await page.getByLabel("Task 1 class 2 hotkey").fill("c");
  await saveScreenshot(page, "task-builder-settings");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();

  // The labeler's workspace shows those classes with their keys.
  const labeler = await browser.newPage();
  await signIn(labeler, "carol@example.com");
  await labeler.goto(`/projects/${projectId}/label`);
  await labeler.getByRole("button", { name: "I have read version 1" }).click();
  await expect(labeler.getByRole("radiogroup", { name: "verdict" }).getByRole("radio")).toHaveText(["okd", "crackedc", "defectf", "borderlineu"]);
  await expect(labeler.getByRole("button", { name: /^Box: defects/ })).toBeVisible();
  await labeler.keyboard.press("c");
  await expect(labeler.getByRole("radio", { name: /^cracked/ })).toBeChecked();
  await saveScreenshot(labeler, "task-builder-labeling");
  await labeler.close();
  // Carol leaves the project again: later specs count the demo users' projects.
  const { members } = (await (await page.request.get(`/api/v1/projects/${projectId}/members`)).json()) as { members: { userId: string; role: string }[] };
  for (const member of members.filter((candidate) => candidate.role === "labeler")) {
    expect((await page.request.delete(`/api/v1/projects/${projectId}/members/${member.userId}`)).status()).toBe(204);
  }
});
