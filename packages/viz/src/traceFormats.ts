/**
 * The backward trace as a Markdown table and as LaTeX (`align*`, the chain rule per step). Edges
 * into constants get no row: a number in the formula has no gradient to show.
 */
import { type BackwardTrace, type Value, describeValue, fmt, isConstant, scalarOp } from '@chalkgrad/core';
import { escapeMarkdown as md, escapeTexMath } from './escape';

export function traceToMarkdown(t: BackwardTrace, digits = 6): string {
  const f = (x: number) => fmt(x, digits);
  const rows = ['| step | node | node grad | input | local ∂ | grad × local | input grad | rule |', '|---:|---|---:|---|---:|---:|---:|---|'];
  for (const s of t.steps) {
    s.edges.filter((e) => !isConstant(e.input)).forEach((e, i) => {
      rows.push(`| ${i === 0 ? s.step : ''} | ${i === 0 ? md(`${describeValue(s.node)} = ${s.node.opSymbol}`) : ''} | ${i === 0 ? f(s.grad) : ''} | ${md(describeValue(e.input))} | ${f(e.local)} | ${f(e.contribution)} | ${f(e.gradAfter)} | ${md(e.formula)} |`);
    });
  }
  return rows.join('\n') + '\n';
}

/** A node's name in math: `\mathrm{L1.N2.w0}`, every character of it printed as itself. */
function texName(v: Value): string {
  return `\\mathrm{${escapeTexMath(describeValue(v))}}`;
}

function texNumber(x: number, digits: number): string {
  if (Number.isNaN(x)) return '\\mathrm{NaN}';
  if (!Number.isFinite(x)) return x > 0 ? '\\infty' : '-\\infty';
  const s = fmt(x, digits);
  const m = /^(-?[\d.]+)e([-+]?\d+)$/.exec(s);
  return m ? `${m[1]} \\times 10^{${Number(m[2])}}` : s;
}

/** A factor after `\cdot`: a negative number in parentheses (`0.0025 \cdot (-1)`). */
function texFactor(x: number, digits: number): string {
  return x < 0 ? `\\left(${texNumber(x, digits)}\\right)` : texNumber(x, digits);
}

export function traceToLatex(t: BackwardTrace, digits = 4): string {
  const f = (x: number) => texNumber(x, digits);
  const L = texName(t.output);
  const lines: string[] = [];
  for (const s of t.steps) {
    const op = scalarOp(s.node.op);
    const N = texName(s.node);
    for (const e of s.edges.filter((e) => !isConstant(e.input))) {
      const rule = op ? op.tex[Math.min(e.slot, op.tex.length - 1)] : '';
      lines.push(
        `\\frac{\\partial ${L}}{\\partial ${texName(e.input)}} &\\mathrel{+}= \\frac{\\partial ${L}}{\\partial ${N}} \\cdot \\frac{\\partial ${N}}{\\partial ${texName(e.input)}} = ${f(s.grad)} \\cdot ${texFactor(e.local, digits)} = ${f(e.contribution)} && \\text{step ${s.step}: } ${rule}`,
      );
    }
  }
  return `\\begin{align*}\n${lines.join(' \\\\\n')}\n\\end{align*}\n`;
}
