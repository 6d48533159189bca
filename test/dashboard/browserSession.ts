import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { type AppOptions, buildApp, type DashboardApp } from "../../dashboard/server/app.ts";
import { buildPage } from "../../dashboard/server/bundle.ts";
import type { DESKTOP, PHONE } from "./layout.ts";

/** Where the browser tests write their screenshots. */
export const OUTPUT = join(import.meta.dirname, "../output");

/** A browser session's pages, and the page errors seen in any of them. */
export interface BrowserSession {
  /** Opens `hash` in a new context for `device` and waits for `#app[data-ready="true"] <ready>`. */
  open(device: typeof PHONE | typeof DESKTOP, hash: string, ready?: string): Promise<Page>;
  /** Uncaught errors of every page opened (a test expects none). */
  readonly errors: string[];
}

/**
 * For the enclosing `describe`: serves the dashboard over the results that
 * `setup` writes (its options, but the page) on a loopback port, and launches
 * Debian's Chromium (`scripts/ensure-chromium.sh` installs it); closes both after.
 */
export function browserSession(
  setup: () => Promise<Omit<AppOptions, "page">> | Omit<AppOptions, "page">,
): BrowserSession {
  let dash: DashboardApp | undefined;
  let browser: Browser | undefined;
  let base = "";
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];
  beforeAll(async () => {
    const opts = await setup();
    mkdirSync(OUTPUT, { recursive: true });
    dash = buildApp({ ...opts, page: await buildPage() });
    base = await dash.app.listen({ host: "127.0.0.1", port: 0 });
    browser = await chromium.launch({
      executablePath: "/usr/bin/chromium",
      args: ["--no-sandbox"],
    });
  }, 180_000);
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await dash?.app.close();
  }, 60_000);
  return {
    errors,
    async open(device, hash, ready = "") {
      const context = await browser!.newContext(device);
      contexts.push(context);
      const page = await context.newPage();
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(`${base}/${hash}`);
      await page.waitForSelector(`#app[data-ready="true"] ${ready}`.trim(), { timeout: 60_000 });
      return page;
    },
  };
}
