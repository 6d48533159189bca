import { describe, expect, it, vi } from "vitest";
import { abandonedStudy } from "../../cli/studyExecutor.ts";

describe("abandonedStudy (fit and counterfactual after Ctrl-C)", () => {
  it("turns an error after an interrupt into exit code 130 and says nothing was written", () => {
    const write = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      const ctl = new AbortController();
      ctl.abort();
      expect(abandonedStudy(ctl.signal, new Error("aborted"))).toBe(130);
      expect(write).toHaveBeenCalledWith("interrupted: nothing written\n");
    } finally {
      write.mockRestore();
    }
  });

  it("throws any other error again", () => {
    const err = new Error("the scenario broke");
    expect(() => abandonedStudy(new AbortController().signal, err)).toThrow(err);
  });
});
