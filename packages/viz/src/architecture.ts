/**
 * A network architecture diagram in the TensorFlow Playground look: columns of neurons, every
 * weight an edge coloured by sign (blue positive, orange negative) and as thick as its size,
 * optionally labelled with its gradient. Takes the weight matrices, so any model can be drawn.
 */
import { fmt } from '@chalkgrad/core';
import { escapeHtml } from './escape';

export interface LayerWeights {
  /** `weights[j][i]`: from unit i of the previous layer to unit j of this one. */
  weights: readonly (readonly number[])[];
  grads?: readonly (readonly number[])[];
  name?: string;
}

export interface ArchitectureOptions {
  /** Label each edge with its weight's gradient (small networks). */
  showGradients?: boolean;
  /** At most this many units are drawn per column; the rest stand behind an ellipsis. Default 12. */
  maxUnits?: number;
  title?: string;
}

export function architectureSvg(layers: readonly LayerWeights[], options: ArchitectureOptions = {}): string {
  if (layers.length === 0) throw new RangeError('architectureSvg: no layers');
  const maxUnits = options.maxUnits ?? 12;
  const sizes = [layers[0].weights[0]?.length ?? 0, ...layers.map((l) => l.weights.length)];
  const shown = (n: number) => (n <= maxUnits ? [...Array(n).keys()] : [...Array(maxUnits - 2).keys(), -1, n - 1]);
  const colW = 170;
  const rowH = 44;
  const top = options.title ? 60 : 36;
  const height = top + Math.max(...sizes.map((n) => shown(n).length)) * rowH + 20;
  const width = 60 + (sizes.length - 1) * colW + 60;
  const cols = sizes.map((n) => shown(n));
  const cx = (c: number) => 60 + c * colW;
  const cy = (c: number, k: number) => top + (height - top - 20 - cols[c].length * rowH) / 2 + k * rowH + rowH / 2;
  const maxW = Math.max(1e-12, ...layers.flatMap((l) => l.weights.flat().map(Math.abs)));
  const out: string[] = [];
  layers.forEach((layer, l) => {
    cols[l + 1].forEach((j, kj) => {
      if (j < 0) return;
      cols[l].forEach((i, ki) => {
        if (i < 0) return;
        const w = layer.weights[j][i];
        const x1 = cx(l) + 14, y1 = cy(l, ki), x2 = cx(l + 1) - 14, y2 = cy(l + 1, kj);
        out.push(`<line x1="${x1}" y1="${y1.toFixed(1)}" x2="${x2}" y2="${y2.toFixed(1)}" stroke="${w >= 0 ? '#2563eb' : '#ea580c'}" stroke-width="${(0.5 + 4.5 * Math.abs(w) / maxW).toFixed(2)}" stroke-opacity="${(0.25 + 0.65 * Math.abs(w) / maxW).toFixed(2)}"><title>w[${j},${i}] = ${fmt(w, 4)}</title></line>`);
        const g = layer.grads?.[j]?.[i];
        if (options.showGradients && g !== undefined) {
          const t = 0.3 + 0.4 * ((ki + kj) % 3) / 2;
          out.push(`<text x="${(x1 + (x2 - x1) * t).toFixed(1)}" y="${(y1 + (y2 - y1) * t - 2).toFixed(1)}" class="grad">${escapeHtml(fmt(g, 2))}</text>`);
        }
      });
    });
  });
  cols.forEach((units, c) => {
    units.forEach((u, k) => {
      const y = cy(c, k);
      if (u < 0) out.push(`<text x="${cx(c)}" y="${y + 5}" text-anchor="middle" class="unit">⋮</text>`);
      else out.push(`<circle cx="${cx(c)}" cy="${y.toFixed(1)}" r="13" fill="${c === 0 ? '#dbeafe' : c === cols.length - 1 ? '#bbf7d0' : '#ffffff'}" stroke="#334155"/>`);
    });
    const name = c === 0 ? 'input' : layers[c - 1].name ?? `layer ${c}`;
    out.push(`<text x="${cx(c)}" y="${top - 14}" text-anchor="middle" class="head">${escapeHtml(name)} (${sizes[c]})</text>`);
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, sans-serif">
<style>.head{font-size:12px;font-weight:bold;fill:#0f172a}.grad{font-size:9px;fill:#7c2d12}.unit{font-size:18px;fill:#334155}.title{font-size:14px;font-weight:bold}</style>
<rect width="100%" height="100%" fill="#ffffff"/>
${options.title ? `<text x="${width / 2}" y="22" text-anchor="middle" class="title">${escapeHtml(options.title)}</text>` : ''}
${out.join('\n')}
</svg>
`;
}
