/**
 * Text widths without a browser or a font library: the advance widths of DejaVu Sans (the font
 * every diagram names), regular and bold, in hundredths of an em, read once from the font files
 * for printable ASCII and the math the diagrams print. Layout sizes boxes from these numbers, so
 * a box fits its text in every frame and in every renderer that has the font (resvg, browsers).
 */

/** Printable ASCII (32–126), then these characters, in order. */
const EXTRA = '·×−∂σΣ²³¹₀₁₂₃…←→δ′θηεμλ√∞≈≤≥±–—▶◀';
const REGULAR = [32,40,46,84,64,95,78,27,39,39,50,84,32,36,32,34,64,64,64,64,64,64,64,64,64,64,34,34,84,84,84,53,100,68,69,70,77,63,58,77,75,29,29,66,56,86,75,79,60,79,69,63,61,73,68,99,69,61,69,39,34,39,84,50,50,61,63,55,63,62,35,63,63,28,28,58,28,97,63,61,63,63,41,52,39,63,59,82,59,59,52,64,34,64,84,32,84,84,52,63,63,40,40,40,40,40,40,40,100,84,84,61,23,61,63,54,64,59,64,83,84,84,84,84,50,100,77,77];
const BOLD = [35,46,52,84,70,100,87,31,46,46,52,84,38,42,38,37,70,70,70,70,70,70,70,70,70,70,40,40,84,84,84,58,100,77,76,73,83,68,68,82,84,37,37,77,64,100,84,85,73,85,77,72,68,81,77,110,77,72,73,46,37,46,84,50,50,67,72,59,72,68,44,72,71,34,34,67,34,104,71,69,72,72,49,60,48,71,65,92,65,65,58,71,37,71,84,38,84,84,54,78,68,44,44,44,44,44,44,44,100,84,84,69,26,69,71,56,74,63,67,83,84,84,84,84,50,100,77,77];

/** Anything else (other scripts, symbols): the width of a wide letter, so text never overflows. */
const UNKNOWN = 80;

function advance(table: readonly number[], ch: string): number {
  const code = ch.codePointAt(0)!;
  if (code >= 32 && code < 127) return table[code - 32];
  const i = EXTRA.indexOf(ch);
  return i >= 0 ? table[95 + i] : UNKNOWN;
}

/** Width in pixels of one line of text at `size` pixels. */
export function textWidth(text: string, size: number, bold = false): number {
  const table = bold ? BOLD : REGULAR;
  let w = 0;
  for (const ch of text) w += advance(table, ch);
  return (w * size) / 100;
}
