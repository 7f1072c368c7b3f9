import { describe, expect, it } from "vitest";
import { Spool } from "./export-spool";

async function text(chunks: AsyncIterable<Buffer>): Promise<string> {
  const read: Buffer[] = [];
  for await (const chunk of chunks) read.push(chunk);
  return Buffer.concat(read).toString("utf8");
}

describe("Spool (issue 21)", () => {
  it("keeps each file's parts apart, whichever file a part number was first used by", async () => {
    const spool = new Spool();
    try {
      // As COCO and the Hugging Face export write them: a part 1 begun for one split after the second split's file exists.
      spool.append("test.jsonl", "test 0\n");
      spool.append("train.jsonl", "train 0\n");
      spool.append("train.jsonl", "train 1\n", 1);
      spool.append("test.jsonl", "test 1\n", 1);
      spool.append("test.jsonl", "test 0 again\n");
      expect(spool.names()).toEqual(["test.jsonl", "train.jsonl"]);
      expect(await text(spool.read("test.jsonl"))).toBe("test 0\ntest 0 again\ntest 1\n");
      expect(await text(spool.read("train.jsonl"))).toBe("train 0\ntrain 1\n");
    } finally {
      spool.remove();
    }
  });
});
