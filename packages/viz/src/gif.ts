/// <reference path="./gifenc.d.ts" />
/**
 * An animated GIF from frames of RGBA pixels, for slide tools that take only images. Pure
 * JavaScript (gifenc), so it runs in the browser too; rasterising the SVG frames is the caller's
 * part (`framesToGif` in `@chalkgrad/viz/node` does it with resvg, a page can use a canvas).
 */
import * as gifencModule from 'gifenc';

// gifenc ships CommonJS as `main` and ES modules as `module`: Node's ES-module loader sees the
// CommonJS exports only as `default`, bundlers and require() see them named.
const named = (m: object): m is typeof gifencModule => 'GIFEncoder' in m && 'quantize' in m;
const { GIFEncoder, applyPalette, quantize } = named(gifencModule) ? gifencModule : ((gifencModule as { default: typeof gifencModule }).default);

export interface RgbaImage {
  rgba: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
}

export interface GifOptions {
  /** Milliseconds each frame shows. Default 1500. */
  delay?: number;
  /** Milliseconds the last frame shows before the loop starts again. Default 4000. */
  lastDelay?: number;
}

/** The frames (all one size) as one looping GIF with one palette, so colours do not flicker between frames. */
export function encodeGif(frames: readonly RgbaImage[], options: GifOptions = {}): Uint8Array {
  if (frames.length === 0) throw new RangeError('encodeGif: no frames');
  const { width, height } = frames[0];
  const odd = frames.find((f) => f.width !== width || f.height !== height || f.rgba.length !== width * height * 4);
  if (odd) throw new RangeError(`encodeGif: every frame must be ${width}×${height} RGBA, got one of ${odd.width}×${odd.height} with ${odd.rgba.length} bytes`);
  // one palette from every frame: a diagram has few colours (the theme's and their antialiased edges)
  const all = new Uint8Array(frames.length * width * height * 4);
  frames.forEach((f, i) => all.set(f.rgba, i * width * height * 4));
  const palette = quantize(all, 256);
  const gif = GIFEncoder();
  frames.forEach((f, i) => {
    const delay = i === frames.length - 1 ? options.lastDelay ?? 4000 : options.delay ?? 1500;
    gif.writeFrame(applyPalette(f.rgba, palette), width, height, { palette, delay, repeat: 0 });
  });
  gif.finish();
  return gif.bytes();
}
