// An app instance's job worker in a process of its own, for the test that kills one in the middle of a job
// (lib/server/jobs.int.test.ts): it works the queue at the PostgreSQL URL it is given, says "started <key>" when it
// takes a job, and never finishes it.
import { defineJob, startJobQueue } from "@/lib/server/jobs";

defineJob<{ key: string }>({
  name: "test-hanging",
  key: ({ key }) => key,
  run: async ({ key }) => {
    process.stdout.write(`started ${key}\n`);
    await new Promise(() => undefined);
  },
});

await startJobQueue({ provider: "postgresql", url: process.argv[2]! }, { heartbeatSeconds: 10, superviseSeconds: 1 });
process.stdout.write("ready\n");
