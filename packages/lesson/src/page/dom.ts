/** The few DOM helpers the page's views share. */

/** The element with this id; a missing one is a bug in index.html, said at once. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const e = document.getElementById(id);
  if (!e) throw new Error(`lesson page: index.html has no #${id}`);
  return e as T;
}

/** An element with attributes and children (text children become text nodes, never HTML). */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | number | boolean> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false) continue;
    e.setAttribute(k, v === true ? '' : String(v));
  }
  e.append(...children);
  return e;
}

/** A table from a header row and rows of cells. */
export function table(headers: readonly string[], rows: readonly (readonly (string | Node)[])[], caption?: string): HTMLTableElement {
  const t = el('table');
  if (caption) t.append(el('caption', {}, caption));
  t.append(el('thead', {}, el('tr', {}, ...headers.map((h) => el('th', { scope: 'col' }, h)))));
  t.append(el('tbody', {}, ...rows.map((r) => el('tr', {}, ...r.map((c) => el('td', {}, c))))));
  return t;
}

/** Shows a message in an alert element, or hides it for null. */
export function showMessage(target: HTMLElement, message: string | null): void {
  target.hidden = message === null;
  target.textContent = message ?? '';
}

/** An SVG from Graphviz or viz as a node of the page (its prolog and comments removed). */
export function setSvg(target: HTMLElement, svg: string): void {
  target.innerHTML = svg.replace(/<\?xml[^>]*\?>\s*/, '').replace(/<!DOCTYPE[^>]*>\s*/, '').replace(/<!--[\s\S]*?-->\s*/g, '');
}

/**
 * A diagram as wide as its box, but never shrunk below `least` of its own size (text must stay
 * readable): a large graph scrolls sideways instead. Graphviz's own SVG gives its size in points
 * (`123pt`, 4/3 px each), viz's scenes in pixels.
 */
export function fitDiagram(target: HTMLElement, least = 0.7): void {
  const svg = target.querySelector('svg');
  if (!svg) return;
  const width = svg.getAttribute('width') ?? '0';
  const natural = parseFloat(width) * (width.endsWith('pt') ? 4 / 3 : 1);
  if (!(natural > 0)) return;
  svg.style.width = `${Math.min(natural, Math.max(target.clientWidth, least * natural))}px`;
  svg.style.height = 'auto';
}

/**
 * Scrolls a box that scrolls sideways (a wide diagram) so that these elements are in view, centred
 * if they were not; smoothly, unless the reader asked for reduced motion. When they are wider than
 * the box together, the first one is what shows.
 */
export function scrollIntoBox(box: HTMLElement, elements: readonly Element[]): void {
  if (!elements.length) return;
  const rects = elements.map((e) => e.getBoundingClientRect());
  const left = Math.min(...rects.map((r) => r.left));
  const right = Math.max(...rects.map((r) => r.right));
  const [from, to] = right - left > box.clientWidth ? [rects[0].left, rects[0].right] : [left, right];
  const view = box.getBoundingClientRect().left + box.clientLeft;
  if (from >= view && to <= view + box.clientWidth) return;
  const behavior = matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth';
  box.scrollTo({ left: box.scrollLeft + (from + to) / 2 - (view + box.clientWidth / 2), behavior });
}

/** Offers text as a file to save (a blob URL: nothing leaves the page). */
export function download(name: string, content: string, type = 'text/plain'): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = el('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The message of anything thrown, for the page. */
export function messageOf(e: unknown): string {
  if (e && typeof e === 'object' && 'explain' in e && typeof (e as { explain: unknown }).explain === 'function') return (e as { explain(): string }).explain();
  return e instanceof Error ? e.message : String(e);
}
