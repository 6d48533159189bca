/**
 * Where the labels of a time-series chart's annotations (shocks, the start of
 * death spirals) go in the row above its frame: each by the rule it names, on
 * the side it prefers when there is room, else on the other side, and never
 * across the frame's left or right edge ("market crash −70%" at day 30 of a
 * year-long run has no room left of its rule: it goes right of it). Labels that
 * would overlap are moved apart along the row. Widths are estimated from the
 * number of characters (bold 10 px text: DejaVu Sans Bold, the widest of the
 * fonts the charts are drawn in, is about 7 px a character).
 */

/** One label to place: the pixel of the rule it names, its text and which side of the rule it prefers. */
export interface AnnotationLabel {
  at: number;
  text: string;
  /** `before`: ending left of the rule (a shock); `after`: starting right of it (a spiral). */
  prefer: "before" | "after";
  /** Pixels between the rule and the label. */
  gap: number;
}

/** How to draw a placed label: its anchor and its offset from the rule, in pixels. */
export interface PlacedLabel {
  textAnchor: "start" | "end";
  dx: number;
  /** Its estimated left and right edges, in pixels of the chart. */
  left: number;
  right: number;
}

/** Estimated width of a bold 10 px label. */
export const labelWidth = (text: string): number => [...text].length * 7;

/** Least room between two labels on the row. */
const APART = 6;

/**
 * Places labels inside the frame's horizontal extent [`lo`, `hi`] (pixels of
 * the chart): by their rule on the side they prefer when it fits, else on the
 * other side, else against the edge; then apart from one another. Only when
 * the labels together are wider than the frame do they overlap (never across
 * its edges).
 */
export function placeLabels(
  labels: readonly AnnotationLabel[],
  lo: number,
  hi: number,
): PlacedLabel[] {
  const boxes = labels.map((l, i) => {
    const at = Math.min(hi, Math.max(lo, l.at));
    const width = labelWidth(l.text);
    const before = at - l.gap - width;
    const after = at + l.gap;
    const fitsBefore = before >= lo;
    const fitsAfter = after + width <= hi;
    const side =
      l.prefer === "before"
        ? fitsBefore || !fitsAfter
          ? "before"
          : "after"
        : fitsAfter || !fitsBefore
          ? "after"
          : "before";
    const wanted = side === "before" ? before : after;
    const left = Math.min(hi - width, Math.max(lo, wanted));
    return { i, at, width, side, wanted, left };
  });
  const order = [...boxes].sort((a, b) => a.left - b.left || a.i - b.i);
  for (let k = 1; k < order.length; k++) {
    const prev = order[k - 1]!;
    order[k]!.left = Math.max(order[k]!.left, prev.left + prev.width + APART);
  }
  for (let k = order.length - 1; k >= 0; k--) {
    const b = order[k]!;
    const limit = k === order.length - 1 ? hi : order[k + 1]!.left - APART;
    b.left = Math.max(lo, Math.min(b.left, limit - b.width));
  }
  return boxes.map((b) => {
    const l = labels[b.i]!;
    const right = b.left + b.width;
    // Where it wanted to be, it is anchored at its rule's side exactly, whatever its real width.
    if (Math.abs(b.left - b.wanted) < 1e-9)
      return b.side === "before"
        ? { textAnchor: "end", dx: -l.gap + (b.at - l.at), left: b.left, right }
        : { textAnchor: "start", dx: l.gap + (b.at - l.at), left: b.left, right };
    return { textAnchor: "start", dx: b.left - l.at, left: b.left, right };
  });
}
