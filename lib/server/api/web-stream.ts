import type { Readable } from "node:stream";

/**
 * A Node stream as a web stream, read only as fast as the client takes it; a client hanging up ends the
 * read quietly. Written out because Node 20's Readable.toWeb throws an uncaught "Controller is already
 * closed" when a client hangs up mid-stream, which a media element seeking through audio does all the time.
 */
export function webStream(source: NodeJS.ReadableStream): ReadableStream<Uint8Array> {
  const iterator = (source as Readable)[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await iterator.next();
      if (done) controller.close();
      else controller.enqueue(value as Uint8Array);
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}
