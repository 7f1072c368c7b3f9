// An S3 store for tests and the multi-instance suite: TEST_S3_URL (s3://bucket, with the AWS_* variables of the SDK:
// a MinIO or AWS bucket) when it is set, else an s3rver (the S3 REST protocol over a directory) started on a free port
// with a fresh bucket. No test runner's imports here: Playwright's suites use it too.
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import S3rver from "s3rver";

const S3RVER_BUCKET = "concord-test";

/** The settings of an S3 store for a suite (a prefix of its own in the bucket), and how to stop what was started for it. */
export async function s3Settings(): Promise<{ settings: Record<string, string>; stop: () => Promise<void> }> {
  const prefix = `test-${randomUUID()}`;
  const given = process.env.TEST_S3_URL?.trim();
  if (given) return { settings: { CONCORD_MEDIA_URL: `${given.replace(/\/+$/, "")}/${prefix}` }, stop: async () => undefined };
  const directory = mkdtempSync(path.join(tmpdir(), "concord-s3rver-"));
  const server = new S3rver({ address: "127.0.0.1", port: 0, directory, silent: true, configureBuckets: [{ name: S3RVER_BUCKET, configs: [] }] });
  const { port } = await server.run();
  return {
    settings: {
      CONCORD_MEDIA_URL: `s3://${S3RVER_BUCKET}/${prefix}`,
      AWS_ENDPOINT_URL: `http://127.0.0.1:${port}`,
      AWS_REGION: "us-east-1",
      // s3rver's own keys: it checks signatures with them.
      AWS_ACCESS_KEY_ID: "S3RVER",
      AWS_SECRET_ACCESS_KEY: "S3RVER",
    },
    stop: async () => {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
