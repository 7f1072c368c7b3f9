import { expect, test } from "./fixtures";
import { fixture, saveScreenshot, signIn } from "./helpers";

const invited = (email: string, role: string) => `Invited ${email} as ${role}. They join when they accept the invitation, or when an account is made for this email.`;

test("a manager creates a project, imports media with a manifest, and adds a labeler", async ({ page }) => {
  await signIn(page, "admin@example.com");
  await page.getByRole("link", { name: "New project" }).click();
  await expect(page.getByRole("heading", { name: "New project" })).toBeVisible();

  // The form applies the server's rules before sending anything.
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "name" })).toHaveText("name: must not be empty");
  // ... and under the field it concerns, which points at it.
  await expect(page.getByRole("textbox", { name: "Name", exact: true })).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByRole("textbox", { name: "Name", exact: true })).toHaveAccessibleDescription("must not be empty");
  await page.getByLabel("Name").fill("Phone scratches");
  // The tasks' JSON view, for those who would rather type them (e2e/task-builder.spec.ts builds them in the form).
  await page.getByRole("button", { name: "JSON (advanced)" }).click();
  await page.getByLabel("Tasks (JSON)").fill('[{"key": "boxes", "type": "segment", "classes": ["scratch"]}]');
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "tasks" })).toHaveText("tasks.0.type: segment tasks are not available for image projects (use classification, bbox, polygon)");
  await saveScreenshot(page, "project-new-error");

  await page.getByLabel("Tasks (JSON)").fill('[{"key": "defect", "type": "classification", "classes": ["ok", "scratch"], "uncertainClass": "borderline"}, {"key": "boxes", "type": "bbox", "classes": ["scratch"]}]');
  await page.getByLabel("Guidelines (Markdown, version 1)").fill("# Scratches\nA scratch is a visible line.");
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page.getByRole("heading", { name: "Phone scratches" })).toBeVisible();

  const manifest = { name: "manifest.csv", mimeType: "text/csv", buffer: Buffer.from("file,factory,line\ncoffee.png,Shenzhen,3\nchelsea.png,Pune,1\n") };
  await page.getByLabel("Files to import").setInputFiles([fixture("images/coffee.png"), fixture("images/chelsea.png"), fixture("bad/truncated.jpg"), manifest]);
  await expect(page.getByRole("status").filter({ hasText: "imported" })).toContainText("2 imported, 0 already in the project, 1 refused.");
  await expect(page.getByRole("status").filter({ hasText: "imported" })).toContainText("truncated.jpg: the image cannot be decoded");
  const coffee = page.getByRole("row").filter({ hasText: "coffee.png" });
  await expect(coffee).toContainText("600×400");
  await expect(coffee).toContainText("factory: Shenzhen · line: 3");
  // The thumbnail is decorative (alt=""), served resized by the authorised route.
  await expect(coffee.locator("img")).toHaveJSProperty("naturalWidth", 320);

  // An administrator sees every account anyway: the account they add is a member at once (issue 19 #16).
  await page.getByRole("textbox", { name: "Add by email" }).fill("alice@example.com");
  await page.getByRole("button", { name: "Add", exact: true }).click();
  await expect(page.getByRole("combobox", { name: "Role of alice@example.com" })).toHaveValue("labeler");
  await expect(page.getByRole("status").filter({ hasText: "alice@example.com" })).toHaveText("alice@example.com is now Labeler.");
  // An email without an account waits as an invitation the manager can withdraw.
  await page.getByRole("textbox", { name: "Add by email" }).fill("newcomer@example.com");
  await page.getByRole("button", { name: "Add", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Invited" })).toHaveText(invited("newcomer@example.com", "Labeler"));
  await expect(page.getByRole("list", { name: "Invitations" })).toContainText("newcomer@example.com");
  await saveScreenshot(page, "project-page-manager");
  await page.getByRole("button", { name: "Withdraw the invitation of newcomer@example.com" }).click();
  await expect(page.getByRole("list", { name: "Invitations" })).toHaveCount(0);

  // Through the running server: items by API, media with a byte range, as the audio player will seek.
  const projectId = page.url().split("/").pop()!;
  const { items } = (await (await page.request.get(`/api/v1/projects/${projectId}/items?meta.factory=Shenzhen`)).json()) as { items: { id: string; originalName: string }[] };
  expect(items.map((item) => item.originalName)).toEqual(["coffee.png"]);
  const head = await page.request.get(`/api/v1/items/${items[0]!.id}/media`, { headers: { Range: "bytes=0-7" } });
  expect(head.status()).toBe(206);
  expect(head.headers()["content-range"]).toBe(`bytes 0-7/${fixture("images/coffee.png").buffer.length}`);
  expect(head.headers()["x-content-type-options"]).toBe("nosniff");
  expect([...(await head.body())]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

  // Importing the same files again reports duplicates instead of storing them twice.
  await page.getByLabel("Files to import").setInputFiles([fixture("images/coffee.png")]);
  await expect(page.getByRole("status").filter({ hasText: "imported" })).toContainText("0 imported, 1 already in the project, 0 refused.");

  // Moving from Label Studio: its JSON export dropped with a new image brings the annotations along, on the new
  // image and on the one already here; an annotator without an account is named, not guessed, and one who is not a
  // member becomes a labeler only once the manager confirms it.
  const choice = (value: string) => ({ type: "choices", from_name: "defect", to_name: "image", value: { choices: [value] } });
  const labelStudio = [
    {
      data: { image: "/data/upload/1/0a1b2c3d-rocket.jpg" },
      annotations: [
        { completed_by: { email: "alice@example.com" }, result: [choice("ok")] },
        { completed_by: { email: "nobody@example.com" }, result: [choice("ok")] },
        { completed_by: { email: "bob@example.com" }, result: [choice("scratch")] },
      ],
    },
    { data: { image: "/data/upload/1/4e5f6a7b-coffee.png" }, annotations: [{ completed_by: { email: "alice@example.com" }, result: [choice("scratch"), { type: "rectanglelabels", from_name: "boxes", to_name: "image", original_width: 600, original_height: 400, value: { x: 10, y: 10, width: 20, height: 25, rectanglelabels: ["scratch"] } }] }] },
  ];
  await page.getByLabel("Files to import").setInputFiles([fixture("images/rocket.jpg"), { name: "project-1-export.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(labelStudio)) }]);
  const confirmation = page.getByRole("status").filter({ hasText: "not a member of this project" });
  await expect(confirmation).toContainText("The Label Studio export has annotations by someone who is not a member of this project: bob@example.com.");
  await expect(page.getByRole("row").filter({ hasText: "rocket.jpg" })).toHaveCount(0); // nothing imported yet
  await saveScreenshot(page, "import-label-studio-confirm");
  await confirmation.getByRole("button", { name: "Import and add as labeler" }).click();
  const outcome = page.getByRole("status").filter({ hasText: "imported" });
  await expect(outcome).toContainText("1 imported, 0 already in the project, 0 refused.");
  await expect(outcome).toContainText("3 Label Studio annotations imported; now labelers here: bob@example.com.");
  await expect(page.getByRole("combobox", { name: "Role of bob@example.com" })).toHaveValue("labeler");
  await expect(outcome).toContainText('0a1b2c3d-rocket.jpg: the annotator "nobody@example.com" has no Concord account with that email');
  await saveScreenshot(page, "import-label-studio");
  await expect(page.getByRole("row").filter({ hasText: "coffee.png" })).toContainText("1 / 3");

  // Label Studio's own task format names annotators by user id (issue 21): the manager gives their emails on the spot.
  const byId = [{ data: { image: "/data/upload/1/4e5f6a7b-coffee.png" }, annotations: [{ completed_by: 7, result: [choice("ok")] }] }];
  await page.getByLabel("Files to import").setInputFiles([{ name: "project-1-ids.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(byId)) }]);
  const mapping = page.getByRole("status").filter({ hasText: "by Label Studio user id only" });
  await mapping.getByLabel("Label Studio user 7").fill("bob@example.com");
  await saveScreenshot(page, "import-label-studio-user-ids");
  await mapping.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("status").filter({ hasText: "imported" })).toContainText("1 Label Studio annotation imported.");
  await expect(page.getByRole("row").filter({ hasText: "coffee.png" })).toContainText("2 / 3");

  // Settings: the same form edits the project; changed guidelines become version 2.
  await page.getByRole("link", { name: "Settings" }).click();
  await expect(page.getByRole("radio", { name: /Audio/ })).toBeDisabled();
  await page.getByLabel("Labelers per item", { exact: true }).fill("2");
  await page.getByLabel("Guidelines (Markdown; a change becomes a new version)").fill("# Scratches\nA scratch is a visible line longer than 2 mm.");
  await page.getByLabel("What changed in the guidelines").fill("minimum length");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  await saveScreenshot(page, "project-settings");
  await page.getByRole("link", { name: "← Phone scratches" }).click();
  await expect(page.getByText("2 labelers per item (up to 5 for disputes, waiting at most 24 h for them) · guidelines v2")).toBeVisible();
});

test("a labeler sees the tasks and members but cannot import or manage", async ({ page }) => {
  await signIn(page, "bob@example.com");
  await page.getByRole("link", { name: "Demo: voice search", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Demo: voice search" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Tasks" })).toContainText("speech · segment");
  await expect(page.getByRole("region", { name: "Members" })).toContainText("sme@example.com");
  await expect(page.getByRole("region", { name: "Import" })).toHaveCount(0);
  await expect(page.getByRole("combobox")).toHaveCount(0);
  await saveScreenshot(page, "project-page-labeler");
  expect((await page.request.post(`/api/v1/projects/${page.url().split("/").pop()}/imports`, { multipart: { files: fixture("audio/clip1.wav") } })).status()).toBe(403);
});

test("a manager's addition is an invitation, account or not, that the account accepts or declines on the projects page (issue 19 #16)", async ({ page }) => {
  await signIn(page, "admin@example.com");
  // Names of this run's own, so that a second run against the same server finds only its projects.
  const run = Date.now().toString(36);
  const [signsName, shopsName] = [`Invited ${run}: street signs`, `Invited ${run}: shop fronts`];
  const projectIds: string[] = [];
  for (const name of [signsName, shopsName]) {
    const created = await page.request.post("/api/v1/projects", { data: { name, mediaKind: "image", tasks: [{ key: "sign", type: "classification", classes: ["stop", "yield"] }] } });
    expect(created.status(), await created.text()).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect((await page.request.post(`/api/v1/projects/${id}/members`, { data: { email: "sme@example.com", role: "manager" } })).status()).toBe(201);
    projectIds.push(id);
  }
  const [signs, shops] = projectIds as [string, string];

  // Sam manages both projects and is not an administrator: Bob, who has an account, and an email without one are
  // both invitations, and the members panel shows them alike.
  await page.context().clearCookies();
  await signIn(page, "sme@example.com");
  await page.goto(`/projects/${signs}`);
  const members = page.getByRole("region", { name: "Members" });
  for (const email of ["bob@example.com", "nobody-yet@example.com"]) {
    await page.getByRole("textbox", { name: "Add by email" }).fill(email);
    await page.getByLabel("Role for the new member").selectOption("reviewer");
    await page.getByRole("button", { name: "Add", exact: true }).click();
    await expect(page.getByRole("status").filter({ hasText: "Invited" })).toHaveText(invited(email, "Reviewer (SME)"));
  }
  const invitations = page.getByRole("list", { name: "Invitations" });
  await expect(invitations.getByRole("listitem")).toHaveText(["bob@example.comReviewer (SME)Withdraw", "nobody-yet@example.comReviewer (SME)Withdraw"]);
  await expect(members.getByRole("list").first()).not.toContainText("bob@example.com");
  await saveScreenshot(page, "members-invitations");
  expect((await page.request.post(`/api/v1/projects/${shops}/members`, { data: { email: "bob@example.com", role: "labeler" } })).status()).toBe(201);

  // Bob sees both on his projects page, accepts one and declines the other.
  await page.context().clearCookies();
  await signIn(page, "bob@example.com");
  const offers = page.getByRole("region", { name: "Invitations" }).getByRole("listitem").filter({ hasText: run });
  await expect(offers).toHaveCount(2);
  await expect(offers.first()).toContainText(new RegExp(`^${signsName}Sam Expert \\(sme@example\\.com\\) invited you as Reviewer · \\w+ \\d+, \\d{4}`));
  await expect(offers.last()).toContainText(`${shopsName}Sam Expert (sme@example.com) invited you as Labeler`);
  await expect(page.getByRole("link", { name: signsName })).toHaveCount(0);
  await saveScreenshot(page, "projects-invitations");
  await page.getByRole("button", { name: `Accept the invitation to ${signsName}` }).click();
  await expect(page.getByRole("link", { name: signsName, exact: true })).toBeVisible();
  await expect(offers).toHaveCount(1);
  await page.getByRole("button", { name: `Decline the invitation to ${shopsName}` }).click();
  await expect(offers).toHaveCount(0);
  await expect(page.getByRole("link", { name: shopsName })).toHaveCount(0);
  await page.getByRole("link", { name: signsName, exact: true }).click();
  await expect(page.getByRole("region", { name: "Members" })).toContainText("bob@example.com");
});

test("a manager's Label Studio import invites every annotator who is not a member alike, account or not (issue 19 #16)", async ({ page }) => {
  await signIn(page, "admin@example.com");
  const created = await page.request.post("/api/v1/projects", { data: { name: `Imported ${Date.now().toString(36)}`, mediaKind: "image", tasks: [{ key: "defect", type: "classification", classes: ["ok", "scratch"] }] } });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  expect((await page.request.post(`/api/v1/projects/${id}/members`, { data: { email: "sme@example.com", role: "manager" } })).status()).toBe(201);

  // Sam manages the project and is not an administrator: Bob has an account, the other email none; both read alike.
  await page.context().clearCookies();
  await signIn(page, "sme@example.com");
  await page.goto(`/projects/${id}`);
  const choice = (value: string) => ({ type: "choices", from_name: "defect", to_name: "image", value: { choices: [value] } });
  const labelStudio = [
    {
      data: { image: "/data/upload/1/0a1b2c3d-rocket.jpg" },
      annotations: [
        { completed_by: { email: "bob@example.com" }, result: [choice("ok")] },
        { completed_by: { email: "nobody-here@example.com" }, result: [choice("scratch")] },
      ],
    },
  ];
  await page.getByLabel("Files to import").setInputFiles([fixture("images/rocket.jpg"), { name: "project-1-export.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(labelStudio)) }]);
  const confirmation = page.getByRole("status").filter({ hasText: "not members of this project" });
  await expect(confirmation).toContainText(
    "The Label Studio export has annotations by people who are not members of this project: bob@example.com, nobody-here@example.com. Importing it invites them as labelers; their annotations are left out until they accept and you import the export again.",
  );
  await saveScreenshot(page, "import-label-studio-invite");
  await confirmation.getByRole("button", { name: "Import and invite as labelers" }).click();
  const outcome = page.getByRole("status").filter({ hasText: "imported" });
  await expect(outcome).toContainText("1 imported, 0 already in the project, 0 refused.");
  await expect(outcome).toContainText("0 Label Studio annotations imported; invited as labelers: bob@example.com, nobody-here@example.com.");
  for (const email of ["bob@example.com", "nobody-here@example.com"]) {
    await expect(outcome).toContainText(`0a1b2c3d-rocket.jpg: ${email} is not a member of the project yet and is invited to it; import the export again once they have accepted`);
  }
  await expect(page.getByRole("list", { name: "Invitations" }).getByRole("listitem")).toHaveText(["bob@example.comLabelerWithdraw", "nobody-here@example.comLabelerWithdraw"]);
  await saveScreenshot(page, "import-label-studio-invited");
});
