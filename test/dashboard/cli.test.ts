import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../cli/main.ts";
import { writeSyntheticSweep } from "./syntheticResult.ts";

const BIN = join(import.meta.dirname, "../../bin/tokensim.js");

describe("tokensim serve", () => {
  it("refuses bad options with one line and exit code 2", async () => {
    expect(await main(["serve", "--port", "abc"])).toBe(2);
    expect(await main(["serve", "--max-runs", "0"])).toBe(2);
    expect(await main(["serve", "--log-level", "loud"])).toBe(2);
    expect(await main(["serve", "extra"])).toBe(2);
  });

  it("serves on 127.0.0.1, logs JSON lines, and stops cleanly on SIGTERM", async () => {
    const results = mkdtempSync(join(tmpdir(), "tokensim-serve-"));
    writeSyntheticSweep(join(results, "syn"));
    const child = spawn(process.execPath, [BIN, "serve", "--results", results, "--port", "0"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    const url = await new Promise<string>((resolve, reject) => {
      let err = "";
      child.stderr.on("data", (d: Buffer) => {
        err += d.toString();
        const m = /tokensim dashboard: (http:\/\/127\.0\.0\.1:\d+)\//.exec(err);
        if (m) resolve(m[1]!);
      });
      child.on("exit", () => reject(new Error(`serve exited: ${err}`)));
    });
    const list = (await (await fetch(`${url}/api/results`)).json()) as { id: string }[];
    expect(list.map((r) => r.id)).toEqual(["syn"]);
    expect((await fetch(`${url}/app.js`)).status).toBe(200);
    const code = new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
    child.kill("SIGTERM");
    expect(await code).toBe(0);
    const logs = stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { msg: string; req?: { url: string } });
    expect(logs.some((l) => l.msg === "incoming request" && l.req?.url === "/api/results")).toBe(
      true,
    );
  }, 60_000);
});

describe("tokensim start (npm start)", () => {
  it("runs the default study into the results folder, then serves it; a second start reuses it", async () => {
    const results = mkdtempSync(join(tmpdir(), "tokensim-start-"));
    const start = async () => {
      const child = spawn(
        process.execPath,
        [BIN, "start", "--results", results, "--port", "0", "--no-open", "--log-level", "warn"],
        { stdio: ["ignore", "ignore", "pipe"] },
      );
      let err = "";
      const url = await new Promise<string>((resolve, reject) => {
        child.stderr.on("data", (d: Buffer) => {
          err += d.toString();
          const m = /tokensim dashboard: (http:\/\/127\.0\.0\.1:\d+)\//.exec(err);
          if (m) resolve(m[1]!);
        });
        child.on("exit", () => reject(new Error(`start exited: ${err}`)));
      });
      const list = (await (await fetch(`${url}/api/results`)).json()) as {
        id: string;
        runsDone: number;
        complete: boolean;
      }[];
      const code = new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
      child.kill("SIGTERM");
      expect(await code).toBe(0);
      return { list, err };
    };
    const first = await start();
    expect(first.list).toEqual([
      expect.objectContaining({ id: "default-study", runsDone: 24, complete: true }),
    ]);
    expect(first.err).toMatch(
      /default study: 24 runs in .*default-study \(24 run now, 0 already done\)/,
    );
    const second = await start();
    expect(second.err).toMatch(/\(0 run now, 24 already done\)/);
  }, 180_000);
});
