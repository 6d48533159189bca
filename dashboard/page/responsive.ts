/**
 * Charts that take their container's width: each chart box holds a function
 * that draws its chart for a given room, and is drawn again when its width
 * changes (a rotated phone, a resized window). A chart is never drawn wider
 * than its natural width, so the desktop layout keeps its sizes.
 */

/** Draws a chart into at most `maxWidth` pixels. */
export type DrawChart = (maxWidth: number) => Element;

interface Drawn {
  draw: DrawChart;
  /** The room it was last drawn for. */
  room?: number;
}

const boxes = new WeakMap<HTMLElement, Drawn>();

/** The width inside a box's padding, in whole pixels. */
function room(box: HTMLElement): number {
  const style = getComputedStyle(box);
  const padding = Number.parseFloat(style.paddingLeft) + Number.parseFloat(style.paddingRight);
  return Math.floor(box.clientWidth - (Number.isFinite(padding) ? padding : 0));
}

/** Draws a box's chart if it is on the page and its room changed since it was last drawn. */
function fitBox(box: HTMLElement): void {
  const drawn = boxes.get(box);
  if (!drawn || !box.isConnected) return;
  const width = room(box);
  if (width <= 0 || width === drawn.room) return;
  drawn.room = width;
  box.replaceChildren(drawn.draw(width));
}

const observer = new ResizeObserver((entries) => {
  for (const e of entries) fitBox(e.target as HTMLElement);
});

/** A chart box whose chart is drawn at the box's width (by {@link drawCharts}, then on resize). */
export function responsiveBox(box: HTMLElement, draw: DrawChart): HTMLElement {
  boxes.set(box, { draw });
  observer.observe(box);
  return box;
}

/** Draws now every chart box under `scope` that is on the page and not drawn at its width yet. */
export function drawCharts(scope: ParentNode = document): void {
  for (const box of scope.querySelectorAll<HTMLElement>(".chart")) fitBox(box);
}
