/** Step frames as images: PNG per step and an animated GIF, rasterised by resvg (Node only). */
import { type GifOptions, encodeGif } from '../gif';
import { rasterise, svgToPng } from './png';

/** Each SVG frame as PNG bytes. */
export function framesToPngs(svgs: readonly string[], scale = 2): Buffer[] {
  return svgs.map((svg) => svgToPng(svg, scale));
}

/** The SVG frames (one size, as `renderFrames` makes them) as one animated GIF. */
export function framesToGif(svgs: readonly string[], options: GifOptions & { scale?: number } = {}): Uint8Array {
  const images = svgs.map((svg) => {
    const img = rasterise(svg, options.scale ?? 1).render();
    return { rgba: img.pixels, width: img.width, height: img.height };
  });
  return encodeGif(images, options);
}
