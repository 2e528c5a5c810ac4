/** How many features a model's input has, for the exporters that declare or draw an input. */
import { Flatten, Linear, Maxout, type Module, Reshape, Sequential } from './modules';

/** From the first layer that fixes it; null when a Flatten or Reshape comes first (any sample shape). */
export function inputFeatures(m: Module): number | null {
  if (m instanceof Linear || m instanceof Maxout) return m.nin;
  if (m instanceof Sequential) {
    for (const child of m.modules) {
      if (child instanceof Flatten || child instanceof Reshape) return null;
      const n = inputFeatures(child);
      if (n !== null) return n;
    }
  }
  return null;
}
