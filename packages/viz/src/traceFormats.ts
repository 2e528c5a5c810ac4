/**
 * The backward trace as a Markdown table and as LaTeX (`align*`, the chain rule per step). Edges
 * into constants get no row: a number in the formula has no gradient to show. Every ∂ of a name is
 * core's `partial`/`partialName` (`∂x1`, `∂(w1·x1)`), as in the step frames, Beamer and the text trace.
 */
import { type BackwardTrace, type Value, describeValue, fmt, isConstant, partial, partialName, scalarOp } from '@chalkgrad/core';
import { escapeMarkdown as md, escapeTexMath } from './escape';

export function traceToMarkdown(t: BackwardTrace, digits = 6): string {
  const f = (x: number) => fmt(x, digits);
  const rows = ['| step | node | node grad | input | chain rule | local ∂ | grad × local | input grad | rule |', '|---:|---|---:|---|---|---:|---:|---:|---|'];
  const dy = partial(t.output);
  for (const s of t.steps) {
    const dn = partial(s.node);
    s.edges.filter((e) => !isConstant(e.input)).forEach((e, i) => {
      const di = partial(e.input);
      const chain = `${dy}/${di} += ${dy}/${dn} · ${dn}/${di}`;
      rows.push(`| ${i === 0 ? s.step : ''} | ${i === 0 ? md(`${describeValue(s.node)} = ${s.node.opSymbol}`) : ''} | ${i === 0 ? f(s.grad) : ''} | ${md(describeValue(e.input))} | ${md(chain)} | ${f(e.local)} | ${f(e.contribution)} | ${f(e.gradAfter)} | ${md(e.formula)} |`);
    });
  }
  return rows.join('\n') + '\n';
}

/** ∂ of a node in math: `\partial \mathrm{x1}`, `\partial \mathrm{(w1\cdot x1)}`, every character of the name printed as itself. */
function texPartial(v: Value): string {
  return `\\partial \\mathrm{${escapeTexMath(partialName(v))}}`;
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
  const L = texPartial(t.output);
  const lines: string[] = [];
  for (const s of t.steps) {
    const op = scalarOp(s.node.op);
    const N = texPartial(s.node);
    for (const e of s.edges.filter((e) => !isConstant(e.input))) {
      const rule = op ? op.tex[Math.min(e.slot, op.tex.length - 1)] : '';
      const I = texPartial(e.input);
      lines.push(
        `\\frac{${L}}{${I}} &\\mathrel{+}= \\frac{${L}}{${N}} \\cdot \\frac{${N}}{${I}} = ${f(s.grad)} \\cdot ${texFactor(e.local, digits)} = ${f(e.contribution)} && \\text{step ${s.step}: } ${rule}`,
      );
    }
  }
  return `\\begin{align*}\n${lines.join(' \\\\\n')}\n\\end{align*}\n`;
}
