// /api/v1/health for load balancers (issue 20): 200 while this instance reaches its database and its media store,
// 503 naming what it cannot reach.
import { expect, it } from "vitest";
import { GET as health } from "@/app/api/v1/health/route";
import { expectJson } from "@/lib/testing/api";
import { describeEachDatabase } from "@/lib/testing/integration";
import { describeEachMediaStore } from "@/lib/testing/media-stores";
import { CONCORD_VERSION } from "@/lib/version";
import { createDb, setDb } from "./db/client";
import type { DatabaseTarget } from "./db/config";

const ask = () => health(new Request("http://concord.test/api/v1/health"));

describeEachDatabase("health", (context) => {
  describeEachMediaStore("health", (store) => {
    it("answers ok with the database and the media store it checked", async () => {
      expect(await expectJson(await ask(), 200)).toEqual({ status: "ok", database: context().target.provider, media: store().name, version: CONCORD_VERSION });
    });

    it("answers 503 naming the media store when it cannot be reached", async () => {
      // A bucket on a port nothing listens on (port 1), or a directory that cannot exist.
      const [setting, unreachable] = store().name === "s3" ? ["AWS_ENDPOINT_URL", "http://127.0.0.1:1"] : ["CONCORD_MEDIA_DIR", "/dev/null/media"];
      const saved = process.env[setting];
      process.env[setting] = unreachable;
      try {
        const body = await expectJson<{ status: string; message: string }>(await ask(), 503);
        expect(body.status).toBe("error");
        expect(body.message).toMatch(/^The media store \(.+\) cannot be reached\.$/);
      } finally {
        process.env[setting] = saved;
      }
    });
  });
});

// A SQLite file is opened when the process starts; a database server can go away.
describeEachDatabase(
  "health without its database",
  (context) => {
    it("answers 503 naming the database when it cannot be reached", async () => {
      const { target, client } = context();
      const unreachableTarget: DatabaseTarget = { ...(target as Extract<DatabaseTarget, { provider: "postgresql" }>), url: "postgresql://concord:concord@127.0.0.1:1/concord" };
      const unreachable = createDb(unreachableTarget);
      setDb(unreachable, unreachableTarget);
      try {
        const body = await expectJson<{ status: string; message: string }>(await ask(), 503);
        expect(body.message).toBe("The database cannot be reached.");
      } finally {
        setDb(client, target);
        await unreachable.$disconnect().catch(() => undefined);
      }
    });
  },
  "postgresql",
);
