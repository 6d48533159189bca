import { describe, expect, it } from "vitest";
import { createProgress, hidePassword } from "../../cli/progress.ts";

/** A stream that keeps what is written to it. */
function sink(isTTY: boolean) {
  const s = {
    isTTY,
    text: "",
    write(c: string) {
      s.text += c;
      return true;
    },
  };
  return s;
}

describe("createProgress", () => {
  it("shows no meaningless ETA before anything is done: the idle hint, or 'ETA ?'", () => {
    const hinted = sink(false);
    const p = createProgress("sweep x", "runs", hinted as unknown as NodeJS.WriteStream, {
      idle: "waiting for workers",
      fromFirstReport: true,
    });
    p(4, 10); // a resumed sweep: 4 runs done before
    p(4, 10);
    expect(hinted.text).toBe("sweep x: 4/10 runs (40%), 0.0 runs/s, waiting for workers\n");
    const plain = sink(false);
    createProgress("sweep y", "runs", plain as unknown as NodeJS.WriteStream)(0, 10);
    expect(plain.text).toBe("sweep y: 0/10 runs (0%), 0.0 runs/s, ETA ?\n");
  });

  it("on a terminal, draws a later, shorter line over the whole hint", () => {
    const tty = sink(true);
    const p = createProgress("s", "runs", tty as unknown as NodeJS.WriteStream, {
      idle: "a long hint about workers",
    });
    p(0, 2);
    const first = tty.text.length;
    p(2, 2);
    const second = tty.text.slice(first).replace(/\n$/, "");
    expect(second.length).toBeGreaterThanOrEqual(first);
    expect(second).toMatch(/100% 2\/2 runs, [\d.]+ runs\/s, ETA 0s +$/);
  });
});

describe("hidePassword", () => {
  it("hides a queue URL's password in the hint to start workers, and keeps the rest", () => {
    expect(hidePassword("redis://:s3cret@queue.example:6379/0")).toBe(
      "redis://:***@queue.example:6379/0",
    );
    expect(hidePassword("rediss://me:s%40c@h/1")).toBe("rediss://me:***@h/1");
    expect(hidePassword("redis://127.0.0.1:6379")).toBe("redis://127.0.0.1:6379");
    expect(hidePassword("not a url")).toBe("not a url");
  });
});
