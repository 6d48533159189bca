import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { importNodeLlamaCpp } from "../../calibration/llamaCpp.ts";
import { parseTarget } from "../../calibration/targets.ts";
import { TINY_SHAPE, writeTinyLlamaGguf } from "../../calibration/tinyGguf.ts";

// The llama.cpp inference itself is tested in test/optional/llamaCpp.test.ts, which needs the
// optional node-llama-cpp package (.ci/run installs it and runs `npm run test:llama-cpp`).

describe("llama-cpp backend without node-llama-cpp", () => {
  it("says how to install the optional package when it is missing", async () => {
    const missing = async () => {
      throw Object.assign(new Error("Cannot find package 'node-llama-cpp'"), {
        code: "ERR_MODULE_NOT_FOUND",
      });
    };
    await expect(importNodeLlamaCpp(missing)).rejects.toThrow(
      "the llama-cpp backend needs the optional package node-llama-cpp, which is not installed; " +
        "install it with 'npm install --no-save node-llama-cpp@3.22.1'",
    );
    const broken = async () => {
      throw new Error("libllama.so: cannot open shared object file");
    };
    await expect(importNodeLlamaCpp(broken)).rejects.toThrow(
      "cannot load node-llama-cpp: libllama.so: cannot open shared object file",
    );
  });

  it("parses llama-cpp targets and names a missing model file", () => {
    const dir = mkdtempSync(join(tmpdir(), "tokensim-gguf-"));
    const path = join(dir, "tiny.gguf");
    writeTinyLlamaGguf(path);
    expect(parseTarget(`llama-cpp:${path}`)).toEqual({ kind: "llama-cpp", modelPath: path });
    expect(() => parseTarget("llama-cpp:")).toThrow("llama-cpp target must be");
    expect(() => parseTarget("llama-cpp:/nowhere/model.gguf")).toThrow(
      "llama-cpp: model file not found: /nowhere/model.gguf",
    );
  });
});

describe("tiny GGUF model writer", () => {
  it("writes a GGUF v3 header, the Llama metadata and aligned tensors, deterministically", () => {
    const dir = mkdtempSync(join(tmpdir(), "tokensim-gguf-"));
    const a = join(dir, "a.gguf");
    const b = join(dir, "b.gguf");
    const c = join(dir, "c.gguf");
    const size = writeTinyLlamaGguf(a, "s1");
    writeTinyLlamaGguf(b, "s1");
    writeTinyLlamaGguf(c, "s2");
    const buf = readFileSync(a);
    expect(buf.length).toBe(size);
    expect(buf.subarray(0, 4).toString("latin1")).toBe("GGUF");
    expect(buf.readUInt32LE(4)).toBe(3);
    const tensors = Number(buf.readBigUInt64LE(8));
    expect(tensors).toBe(3 + 9 * TINY_SHAPE.layers);
    expect(Number(buf.readBigUInt64LE(16))).toBe(20); // metadata pairs
    // the first key is general.architecture = "llama"
    const keyLen = Number(buf.readBigUInt64LE(24));
    expect(buf.subarray(32, 32 + keyLen).toString()).toBe("general.architecture");
    expect(buf.readUInt32LE(32 + keyLen)).toBe(8); // string
    const valLen = Number(buf.readBigUInt64LE(36 + keyLen));
    expect(buf.subarray(44 + keyLen, 44 + keyLen + valLen).toString()).toBe("llama");
    expect(size % 32).toBe(0);
    expect(readFileSync(b).equals(buf)).toBe(true);
    expect(readFileSync(c).equals(buf)).toBe(false);
    expect(readFileSync(c).length).toBe(size);
  });
});
