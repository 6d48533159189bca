/**
 * The header of a chart drawn narrower than its natural width (on a phone):
 * the subtitle and the note wrap onto more lines, and a legend that does not
 * fit beside the title gets a row of its own. Widths are estimated from the
 * number of characters (DejaVu Sans / system-ui at the header's sizes).
 */

/** One legend item: a swatch and a name. */
export interface LegendItem {
  label: string;
  color: string;
}

/** What a chart's header says. */
export interface HeaderText {
  title: string;
  subtitle: string;
  legend: readonly LegendItem[];
  note?: string | undefined;
}

/** Lines of the header when it wraps; `legendRow`: the legend on its own row, under the text. */
export interface HeaderLines {
  subtitle: string[];
  note: string[];
  legendRow: boolean;
}

/** Line height of the subtitle and the note, and the height of a legend row. */
export const LINE = 14;
const LEGEND_ROW = 16;

/** The legend's width as `titled` lays it out: each name, a 10 px swatch and gaps. */
const legendWidth = (legend: readonly LegendItem[]): number =>
  legend.reduce((w, item) => w + item.label.length * 6.2 + 26, 0);

/** Greedy word wrap of `text` into lines of at most `chars` characters (a longer word alone). */
function wrap(text: string, chars: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && line.length + 1 + word.length > chars) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** How the header of a chart `width` wide is laid out when it wraps. */
export function headerLines(width: number, h: HeaderText): HeaderLines {
  const room = width - 16;
  const titleWidth = h.title.length * 8;
  return {
    subtitle: h.subtitle ? wrap(h.subtitle, Math.floor(room / 6)) : [],
    note: h.note ? wrap(h.note, Math.floor(room / 6.6)) : [],
    legendRow: h.legend.length > 0 && titleWidth + 16 + legendWidth(h.legend) > room,
  };
}

/** The height a wrapped header takes beyond the one-line subtitle and note of a chart at full width. */
export function headerExtra(width: number, h: HeaderText): number {
  const l = headerLines(width, h);
  return (
    LINE * (Math.max(0, l.subtitle.length - 1) + Math.max(0, l.note.length - 1)) +
    (l.legendRow ? LEGEND_ROW : 0)
  );
}
