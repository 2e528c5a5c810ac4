/** PNG from SVG through resvg: a prebuilt native addon inside its npm package, so Node only. */
import { Resvg } from '@resvg/resvg-js';
import { renderSvg } from '../render';

/** resvg at `scale` times the SVG's size, with the system fonts. */
export function rasterise(svg: string, scale: number): Resvg {
  return new Resvg(svg, { fitTo: { mode: 'zoom', value: scale }, background: 'white', font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } });
}

/** SVG to PNG at `scale` times the SVG's size. */
export function svgToPng(svg: string, scale = 2): Buffer {
  return rasterise(svg, scale).render().asPng();
}

/** DOT straight to PNG. */
export async function renderPng(dot: string, scale = 2): Promise<Buffer> {
  return svgToPng(await renderSvg(dot), scale);
}
