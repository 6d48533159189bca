/**
 * What the dashboard sends over HTTP, as a real client (Node's fetch, undici)
 * sees it: compressed text, JSON and Arrow, ETags with 304s, and results that
 * are read again only when they change.
 */
import { mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tableFromIPC } from "apache-arrow";
import { afterEach, describe, expect, it } from "vitest";
import { buildApp, type DashboardApp } from "../../dashboard/server/app.ts";
import { HeatmapCache } from "../../dashboard/server/heatmapCache.ts";
import { writeSyntheticSweep } from "./syntheticResult.ts";

// A script big enough to be worth compressing (1 KB is the threshold).
const PAGE = {
  html: "<!doctype html><title>t</title>",
  js: "console.log(1);\n".repeat(400),
  css: "body{}",
};

let current: DashboardApp | undefined;
afterEach(async () => {
  await current?.app.close();
  current = undefined;
});

async function serve() {
  const results = join(mkdtempSync(join(tmpdir(), "tokensim-transfer-")), "results");
  mkdirSync(results);
  writeSyntheticSweep(join(results, "syn"));
  current = buildApp({ resultsDir: results, page: PAGE, workers: 0 });
  await current.app.listen({ host: "127.0.0.1", port: 0 });
  const { port } = current.app.server.address() as AddressInfo;
  return { base: `http://127.0.0.1:${port}`, results };
}

describe("dashboard transfer", () => {
  it("compresses the script, JSON and Arrow for a client that accepts it", async () => {
    const { base } = await serve();
    const js = await fetch(`${base}/app.js`, { headers: { "accept-encoding": "br, gzip" } });
    expect(js.headers.get("content-encoding")).toBe("br");
    expect(await js.text()).toBe(PAGE.js);
    const gz = await fetch(`${base}/app.js`, { headers: { "accept-encoding": "gzip" } });
    expect(gz.headers.get("content-encoding")).toBe("gzip");
    expect(await gz.text()).toBe(PAGE.js);
    const plain = await fetch(`${base}/app.js`, { headers: { "accept-encoding": "identity" } });
    expect(plain.headers.get("content-encoding")).toBeNull();
    expect(await plain.text()).toBe(PAGE.js);

    const steps = await fetch(`${base}/api/results/syn/points/0/runs/1/steps`, {
      headers: { "accept-encoding": "gzip" },
    });
    expect(steps.headers.get("content-type")).toMatch(/apache\.arrow/);
    expect(steps.headers.get("content-encoding")).toBe("gzip");
    expect(tableFromIPC(new Uint8Array(await steps.arrayBuffer())).numRows).toBe(48);
  });

  it("tags responses, and answers a client that has them with 304 and no body", async () => {
    const { base } = await serve();
    for (const path of ["/app.js", "/api/results", "/api/results/syn/heatmap.arrow"]) {
      const first = await fetch(`${base}${path}`);
      const tag = first.headers.get("etag");
      expect(tag, path).toMatch(/^"/);
      await first.arrayBuffer();
      const again = await fetch(`${base}${path}`, { headers: { "if-none-match": tag! } });
      expect(again.status, path).toBe(304);
      expect((await again.arrayBuffer()).byteLength).toBe(0);
    }
  });

  it("shows a run that completes, though the catalogue is cached between changes", async () => {
    const { base, results } = await serve();
    const runsDone = async () =>
      ((await (await fetch(`${base}/api/results`)).json()) as { runsDone: number }[])[0]!.runsDone;
    expect(await runsDone()).toBe(6);
    // A sweep's runs are recorded by renaming a file into summaries/: that is the change seen.
    const summaries = join(results, "syn", "summaries");
    const record = JSON.parse(readFileSync(join(summaries, "p0000-r00000.json"), "utf8"));
    writeFileSync(join(summaries, "p0000-r00099.json"), JSON.stringify({ ...record, run: 99 }));
    expect(await runsDone()).toBe(7);
  });
});

describe("the heatmap cache", () => {
  it("computes a sweep's table once, and again only when sweep.arrow changes", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "tokensim-heatmap-")), "syn");
    writeSyntheticSweep(dir);
    let computed = 0;
    const cache = new HeatmapCache(4, async () => new Uint8Array([++computed]));
    expect(await cache.get(dir)).toEqual(new Uint8Array([1]));
    expect(await cache.get(dir)).toEqual(new Uint8Array([1]));
    const later = new Date(Date.now() + 5_000);
    utimesSync(join(dir, "sweep.arrow"), later, later); // a resume or merge rewrote it
    expect(await cache.get(dir)).toEqual(new Uint8Array([2]));
    expect(computed).toBe(2);
  });
});
