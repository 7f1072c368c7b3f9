// One app instance's start-up tasks and nothing else (lib/server/startup.ts), for tests that start several at once:
// prints what it did as JSON.
import { db } from "@/lib/server/db/client";
import { databaseTarget } from "@/lib/server/db/config";
import { prepareDatabase } from "@/lib/server/startup";

const prepared = await prepareDatabase(databaseTarget(), process.env.CONCORD_DEMO === "1");
await db().$disconnect();
console.log(JSON.stringify(prepared));
