import type { Browser, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { addMember, expectAccessible, labelAs, removeMembers, saveScreenshotsInBothThemes, setUpProject, signIn } from "./helpers";

const TASKS = [
  { key: "scene", type: "classification", classes: ["food", "space"] },
  { key: "objects", type: "bbox", classes: ["cup"] },
];
const scene = (value: string) => [{ task: "scene", type: "classification", values: [value] }];

async function signedIn(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, email);
  return page;
}

test("a labeler joins an item's discussion only after submitting; a reviewer asks, the labeler replies from the inbox with a mention, the reviewer resolves (issue 23)", async ({ page, browser, playwright }) => {
  test.setTimeout(180_000);
  await signIn(page, "admin@example.com");
  const { projectId, itemIds } = await setUpProject(page, { name: "E2E discussions", mediaKind: "image", overlap: 2, maxOverlap: 2, tasks: TASKS }, ["images/coffee.png"], "alice@example.com");
  const itemId = itemIds["coffee.png"]!;
  await addMember(page, projectId, "bob@example.com", "labeler");
  await addMember(page, projectId, "sme@example.com", "reviewer");

  // Before submitting, the thread is closed to Alice, and the answer says why.
  const alice = await signedIn(browser, "alice@example.com");
  const refused = await alice.request.get(`/api/v1/items/${itemId}/comments`);
  expect(refused.status()).toBe(403);
  expect(((await refused.json()) as { error: { message: string } }).error.message).toBe(
    "Submit your own answer to this item first: the discussion opens after, so nobody is anchored before labeling.",
  );
  await labelAs(playwright, "alice@example.com", projectId, scene("food"));
  await labelAs(playwright, "bob@example.com", projectId, scene("space"));
  await alice.goto(`/projects/${projectId}/items/${itemId}/revise`);
  await expect(alice.getByRole("region", { name: "Discussion" })).toContainText("No discussion of this item yet.");

  // The reviewer asks the labelers about a shape, from the review page.
  const sam = await signedIn(browser, "sme@example.com");
  await sam.goto(`/projects/${projectId}/review?item=${itemId}`);
  const samPanel = sam.getByRole("region", { name: "Discussion" });
  await samPanel.getByLabel("New topic").fill("Is the **mug** in the corner a cup? Food or not?");
  await samPanel.getByLabel("Link to").selectOption({ label: "A shape of objects" });
  await samPanel.getByLabel("Shape number").fill("1");
  await samPanel.getByRole("button", { name: "Ask the labelers" }).click();
  const topics = samPanel.getByRole("list", { name: "Topics" });
  await expect(topics).toContainText("Question to the labelers");
  await expect(topics).toContainText("objects: shape 1");
  await expect(topics.locator("strong")).toHaveText("mug");
  await saveScreenshotsInBothThemes(sam, "discussion-review");

  // Alice sees the badge, opens her inbox and the item from it, and replies mentioning Bob through the autocomplete.
  await alice.goto("/projects");
  await alice.getByRole("link", { name: "Inbox, 1 unread" }).click();
  await expect(alice.getByRole("heading", { level: 1, name: "Inbox" })).toBeVisible();
  const entries = alice.getByRole("list", { name: "Inbox entries" });
  await expect(entries).toContainText("Sam Expert asks the labelers on coffee.png");
  await saveScreenshotsInBothThemes(alice, "inbox");
  await entries.getByRole("link", { name: "coffee.png" }).click();
  await expect(alice).toHaveURL(new RegExp(`/items/${itemId}/discussion$`));
  await expect(alice.getByRole("img", { name: "coffee.png" })).toBeVisible();
  await expectAccessible(alice, "an item's discussion");
  const alicePanel = alice.getByRole("region", { name: "Discussion" });
  await alicePanel.getByRole("button", { name: "Reply to Sam Expert's topic" }).click();
  const reply = alicePanel.getByLabel("Reply to Sam Expert");
  await reply.fill("I boxed it as a cup. @bo");
  await expect(alicePanel.getByRole("listbox", { name: "Members to mention" }).getByRole("option")).toHaveText([/Bob Labeler/]);
  await reply.press("Enter");
  await expect(reply).toHaveValue("I boxed it as a cup. @bob@example.com ");
  await reply.pressSequentially("what did you see?");
  await alicePanel.getByRole("button", { name: "Post reply" }).click();
  await expect(alicePanel.getByRole("list", { name: "Replies to Sam Expert" })).toContainText("I boxed it as a cup. @bob@example.com what did you see?");
  await expect(alice.getByRole("link", { name: "Inbox" })).toBeVisible();
  await saveScreenshotsInBothThemes(alice, "discussion-labeler");

  // Bob got the mention, Sam the reply.
  const inboxOf = async (person: Page) => ((await (await person.request.get("/api/v1/inbox")).json()) as { entries: { kind: string }[] }).entries.map((entry) => entry.kind);
  const bob = await signedIn(browser, "bob@example.com");
  expect(await inboxOf(bob)).toEqual(["mention", "question"]);
  expect(await inboxOf(sam)).toEqual(["reply"]);

  // The item list finds the item by its open discussion and by the thread's text, and counts its comments.
  await sam.goto(`/projects/${projectId}/items`);
  // The box follows the address, which the click changes.
  await sam.getByLabel("Has open discussion").click();
  await expect(sam).toHaveURL(/discussion=open/);
  await expect(sam.getByLabel("Has open discussion")).toBeChecked();
  const row = sam.getByRole("row", { name: /coffee\.png/ });
  await expect(row).toContainText("1 open");
  await sam.getByLabel("Search discussions").fill("BOXED");
  await sam.getByRole("button", { name: "Search" }).click();
  await expect(sam).toHaveURL(/q=BOXED/);
  await expect(row).toBeVisible();
  await saveScreenshotsInBothThemes(sam, "items-open-discussion");

  // Sam resolves the topic with a note; the filter then finds nothing.
  await sam.goto(`/projects/${projectId}/review?item=${itemId}`);
  await samPanel.getByRole("button", { name: "Resolve Sam Expert's topic" }).click();
  await samPanel.getByLabel("Resolution note for Sam Expert's topic").fill("A mug counts as a cup.");
  await samPanel.getByRole("button", { name: "Resolve", exact: true }).click();
  await expect(samPanel).toContainText(/Resolved by Sam Expert on .*: A mug counts as a cup\./);
  await expect(samPanel.getByLabel("Resolution note for Sam Expert's topic")).toBeHidden();
  await saveScreenshotsInBothThemes(sam, "discussion-resolved");
  await sam.goto(`/projects/${projectId}/items?discussion=open`);
  await expect(sam.getByText("No items match.")).toBeVisible();

  // The demo's labelers and reviewer leave the project again: later specs count their projects.
  await removeMembers(page, [projectId]);
});
