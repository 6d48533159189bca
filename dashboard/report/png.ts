import { Resvg } from "@resvg/resvg-js";

/** Renders an SVG document to PNG at twice its size, with the system's DejaVu Sans as the default font. */
export function svgToPng(svg: string): Uint8Array {
  const r = new Resvg(svg, {
    background: "white",
    fitTo: { mode: "zoom", value: 2 },
    font: {
      loadSystemFonts: true,
      defaultFontFamily: "DejaVu Sans",
      sansSerifFamily: "DejaVu Sans",
    },
  });
  return r.render().asPng();
}
