import { expect, it } from "vitest";
import { describeEachDatabase, leaseTakenAgo } from "@/lib/testing/integration";
import { submitAnnotation } from "./annotations";
import { nextAssignment } from "./assignments";
import type { Caller } from "./auth/caller";
import { dashboardFigures, projectDashboard } from "./dashboard";
import { addMember, createProject } from "./projects";
import { addImportedItems } from "./statistics";
import { createUser } from "./users";

const TASKS = [{ key: "defect", type: "classification", classes: ["ok", "scratch"] }];

describeEachDatabase("the project dashboard (issue 18)", (context) => {
  it("lets the event loop run other requests while a dashboard loads", async () => {
    const tag = `dash.${context().target.provider}`;
    const manager: Caller = { user: await createUser({ email: `m@${tag}.test`, password: "password 123", isAdmin: true }), via: "session" };
    const project = await createProject(manager, { name: "Dash", mediaKind: "image", overlap: 1, tasks: TASKS });
    for (let index = 0; index < 3; index++) {
      await context().client.item.create({
        data: { projectId: project.id, mediaPath: `p/${index}`, originalName: `${index}`, sha256: `${tag}-${index}`, sizeBytes: 1, mimeType: "image/png", width: 10, height: 10, metadata: {} },
      });
    }
    await addImportedItems(context().client, project.id, [{}, {}, {}]);
    const user = await createUser({ email: `l@${tag}.test`, password: "password 123", name: "l" });
    await addMember(manager, project.id, { email: user.email, role: "labeler" });
    const labeler: Caller = { user, via: "token" };
    for (let lease = await nextAssignment(labeler, project.id); lease; lease = await nextAssignment(labeler, project.id)) {
      await leaseTakenAgo(context().client, lease.assignment.id, 60_000);
      await submitAnnotation(labeler, lease.assignment.id, { result: [{ task: "defect", type: "classification", values: ["ok"] }], activeMs: 1500 }, null);
    }

    // A request arriving meanwhile (a callback queued after the load began) runs before the load ends, not after it:
    // on SQLite, whose driver blocks the thread it runs on, the figures are read in a thread of their own.
    let loaded = false;
    const load = projectDashboard(manager, project.id).then((dashboard) => {
      loaded = true;
      return dashboard;
    });
    const ranDuringLoad = await new Promise<boolean>((resolve) => setImmediate(() => resolve(!loaded)));
    expect(ranDuringLoad).toBe(true);
    const dashboard = await load;
    expect(dashboard.states.find((row) => row.state === "complete")?.items).toBe(3);
    expect(dashboard.labelers.map((row) => [row.name, row.submitted, row.medianActiveSeconds])).toEqual([["l", 3, 1.5]]);
    // The thread's figures are the ones read on the app's own connection.
    expect(dashboard).toEqual(await dashboardFigures(project.id));
  });
});
