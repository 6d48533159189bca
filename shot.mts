import { chromium } from "playwright-core";

const b = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
const p = await b.newPage({ viewport: { width: 1400, height: 1000 } });
p.on("console", (m) => console.log("console:", m.text()));
p.on("pageerror", (e) => console.log("pageerror:", e.message));
await p.goto("http://127.0.0.1:8099/#/result/crash/0");
await p.waitForSelector("#app[data-ready=true]", { timeout: 30000 });
console.log(await p.evaluate(() => document.querySelectorAll("#charts svg").length));
await p.screenshot({ path: "/tmp/shot1.png", fullPage: false });
await b.close();
