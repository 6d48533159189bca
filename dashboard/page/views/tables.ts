import type { TextTable } from "../../data/studyTables.ts";
import { h, scrollBox } from "../dom.ts";

/** A {@link TextTable} as a page table in its scroll box; the marked row highlighted. */
export const textTable = (t: TextTable, id: string): HTMLElement =>
  scrollBox(
    h(
      "table",
      { id, class: "study-table" },
      h("tr", {}, ...t.headers.map((c) => h("th", {}, c))),
      ...t.rows.map((r, i) =>
        h("tr", { class: i === t.marked ? "marked" : "" }, ...r.map((c) => h("td", {}, c))),
      ),
    ),
  );
