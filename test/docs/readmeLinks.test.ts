import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");

/** README.md, notebooks/README.md and every docs/*.md, relative to the repository root. */
function markdownFiles(): string[] {
  const docs = readdirSync(join(ROOT, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`);
  return ["README.md", "notebooks/README.md", ...docs.sort()];
}

/** The text outside fenced code blocks and inline code spans, where links are links. */
function proseOf(markdown: string): string {
  const lines: string[] = [];
  let fence: string | undefined;
  for (const line of markdown.split("\n")) {
    const marker = /^\s*(```|~~~)/.exec(line)?.[1];
    if (marker !== undefined && (fence === undefined || fence === marker)) {
      fence = fence === undefined ? marker : undefined;
      lines.push("");
      continue;
    }
    lines.push(fence === undefined ? line : "");
  }
  // Drop code spans, but keep a code span that is a link's text: [`x`](y).
  return lines.join("\n").replace(/(?<!\[)`[^`\n]*`(?!\]\()/g, "``");
}

/** Link targets of `[text](target)`, `[text](target "title")` and `![alt](target)`. */
function linkTargets(markdown: string): string[] {
  const targets: string[] = [];
  const re = /\[(?:[^\][]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;
  for (const m of proseOf(markdown).matchAll(re)) targets.push(m[1]!);
  return targets;
}

/** GitHub's heading anchor: lowercase, punctuation dropped (hyphens and spaces kept), spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/ /g, "-");
}

/** Every heading's anchor in a markdown file, with GitHub's -1, -2 suffixes for repeats. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fence: string | undefined;
  for (const line of markdown.split("\n")) {
    const marker = /^\s*(```|~~~)/.exec(line)?.[1];
    if (marker !== undefined && (fence === undefined || fence === marker)) {
      fence = fence === undefined ? marker : undefined;
      continue;
    }
    if (fence !== undefined) continue;
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1];
    if (heading === undefined) continue;
    const base = slug(heading);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

function isExternal(target: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith("//");
}

/** The problems with one file's relative links: missing targets, targets outside the repository, dead anchors. */
function brokenLinks(file: string): string[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  const problems: string[] = [];
  for (const target of linkTargets(text)) {
    if (isExternal(target)) continue;
    const hash = target.indexOf("#");
    const path = decodeURIComponent(hash === -1 ? target : target.slice(0, hash));
    const anchor = hash === -1 ? undefined : decodeURIComponent(target.slice(hash + 1));
    if (isAbsolute(path)) {
      problems.push(`${target}: absolute path`);
      continue;
    }
    const resolved = path === "" ? join(ROOT, file) : resolve(ROOT, dirname(file), path);
    const rel = relative(ROOT, resolved);
    if (rel.startsWith("..") || isAbsolute(rel)) {
      problems.push(`${target}: outside the repository`);
      continue;
    }
    if (!existsSync(resolved)) {
      problems.push(`${target}: no such file or folder`);
      continue;
    }
    if (anchor !== undefined && anchor !== "") {
      if (!statSync(resolved).isFile() || !resolved.endsWith(".md")) {
        problems.push(`${target}: anchor into a file that is not markdown`);
      } else if (!anchorsOf(readFileSync(resolved, "utf8")).has(anchor)) {
        problems.push(`${target}: no heading with that anchor in ${rel}`);
      }
    }
  }
  return problems;
}

describe("README and docs links", () => {
  it("finds links, code and anchors as GitHub does", () => {
    expect(slug("`summary.json`: the run summary")).toBe("summaryjson-the-run-summary");
    expect(slug("Backends (`--backend`)")).toBe("backends---backend");
    expect(slug("CI: `tokensim check`")).toBe("ci-tokensim-check");
    expect([...anchorsOf("# A\n```sh\n# not a heading\n```\n## A\n")]).toEqual(["a", "a-1"]);
    expect(linkTargets("[a](x.md) `[b](y.md)` [`c`](z.md#h)\n```\n[d](w.md)\n```")).toEqual([
      "x.md",
      "z.md#h",
    ]);
  });

  it("covers the README, the notebooks' README and the docs", () => {
    const files = markdownFiles();
    expect(files).toContain("docs/output.md");
    for (const f of files) expect(existsSync(join(ROOT, f)), f).toBe(true);
  });

  for (const file of markdownFiles()) {
    it(`${file}: every relative link points inside the repository, at a file, folder or heading that exists`, () => {
      expect(brokenLinks(file)).toEqual([]);
    });
  }

  it("README.md is a newcomer's page: under 10,000 bytes", () => {
    expect(statSync(join(ROOT, "README.md")).size).toBeLessThan(10_000);
  });
});
