/**
 * User text (labels, names, titles, formulas) into each output format: one function per format,
 * and every writer of that format calls it, so no label can end a string, open a tag, start a
 * table row, run a TeX command or make pdflatex read a file. What a format cannot hold at all
 * (NUL and the other control characters, lone surrogates) becomes a visible stand-in.
 */

/** Characters XML 1.0 forbids or discourages (C0 and C1 controls but tab and newlines, U+FFFE/F, lone surrogates). */
const UNPRINTABLE = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const REPLACEMENT = '\ufffd';

const XML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** XML text and attribute values (SVG, any XML file): no label can close a tag or an attribute. */
export function escapeXml(s: string): string {
  return s.replace(UNPRINTABLE, REPLACEMENT).replace(/[&<>"']/g, (c) => XML_ENTITIES[c]);
}

/** HTML text and attribute values follow XML's rules. */
export const escapeHtml = escapeXml;

/** The text of a Graphviz HTML-like label (`label=<...>`): XML's rules, and a line break is `<BR/>`. */
export function escapeDot(s: string): string {
  return escapeXml(s).replace(/\r\n|\r|\n/g, '<BR/>');
}

/** An identifier that is safe anywhere in DOT, TikZ and HTML ids. */
export function safeId(s: string): string {
  return s.replace(/[^A-Za-z0-9_]/g, '_');
}

/** Unicode math that plain pdflatex cannot print, as TeX math (each is complete after a following space). */
const TEX_MATH: Record<string, string> = {
  '×': '\\times', '·': '\\cdot', '⋅': '\\cdot', '−': '-', '∂': '\\partial', 'σ': '\\sigma', 'Σ': '\\Sigma', '√': '\\surd', '²': '^{2}', '³': '^{3}',
  'ᵏ': '^{k}', 'ᵇ': '^{b}', '⁻': '^{-}', '¹': '^{1}', 'ᵢ': '_{i}', '≠': '\\neq', '≥': '\\geq', '≤': '\\leq', '½': '\\tfrac12', '‖': '\\|',
  '⊙': '\\odot', 'ᵀ': '^{T}', '∞': '\\infty', '→': '\\to', 'θ': '\\theta', 'η': '\\eta', 'λ': '\\lambda', 'μ': '\\mu', 'ρ': '\\rho', 'ε': '\\epsilon',
  'π': '\\pi', '←': '\\leftarrow', 'δ': '\\delta', '′': '^{\\prime}', '…': '\\ldots', '≈': '\\approx', '±': '\\pm', '₀': '_{0}', '₁': '_{1}', '₂': '_{2}', '₃': '_{3}', '₄': '_{4}', '₅': '_{5}', '₆': '_{6}', '₇': '_{7}', '₈': '_{8}', '₉': '_{9}',
  'ȧ': '\\dot{\\mathrm{a}}', 'ḃ': '\\dot{\\mathrm{b}}',
};

/**
 * TeX text mode. Every special character is printed, never interpreted: `\ { } $ & # ^ _ % ~`, and
 * `< > |` (which OT1 fonts print as other glyphs), `[ ]` (after `\\` a `[` would start an optional
 * argument); Unicode math goes through `\ensuremath`, which works in text and in math alike (`$` too:
 * text-mode `\$` needs a TS1 font that pdflatex would first generate as a bitmap; the `\text...`
 * forms used here come from OT1, OML and OMS fonts, which need none); a line
 * break or tab is a space (a blank line would end the paragraph); other control characters and
 * Unicode pdflatex cannot print become `?`.
 */
export function escapeTex(s: string): string {
  return texMap(s, TEX_TEXT, (m) => `\\ensuremath{${m}}`, ' ');
}

const TEX_TEXT: Record<string, string> = {
  '\\': '\\textbackslash{}', '{': '\\{', '}': '\\}', $: '\\ensuremath{\\$}', '&': '\\&', '#': '\\#', '^': '\\textasciicircum{}', _: '\\_', '%': '\\%',
  '~': '\\textasciitilde{}', '<': '\\textless{}', '>': '\\textgreater{}', '|': '\\textbar{}', '[': '{[}', ']': '{]}',
};

/**
 * TeX math mode, for a name inside `\mathrm{...}` or an equation: the same characters are printed,
 * never interpreted, with math's own commands; a space between two words stays a space (`\ `).
 */
export function escapeTexMath(s: string): string {
  // only a space between words is kept (`b + w1` needs none: math spaces `+` itself)
  const spaced = s.replace(/(?<![\p{L}\p{N}])\s+|\s+(?![\p{L}\p{N}])/gu, '');
  // `x²²` must not be a double superscript, and `\\cdot` must not run into the next letter
  return texMap(spaced, TEX_MATH_SPECIALS, (m) => (/^[\^_]/.test(m) ? `{}${m}` : `${m} `), '\\ ');
}

const TEX_MATH_SPECIALS: Record<string, string> = {
  '\\': '\\backslash{}', '{': '\\{', '}': '\\}', $: '\\$', '&': '\\&', '#': '\\#', '^': '\\mbox{\\textasciicircum}', _: '\\_', '%': '\\%', '~': '\\sim{}', ' ': '\\ ',
};

function texMap(s: string, specials: Record<string, string>, math: (m: string) => string, space: string): string {
  let out = '';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (Object.hasOwn(specials, ch)) out += specials[ch];
    else if (Object.hasOwn(TEX_MATH, ch)) out += math(TEX_MATH[ch]);
    else if (ch === '\n' || ch === '\r' || ch === '\t') out += space;
    else if (code >= 0x20 && code < 0x7f) out += ch;
    else out += '?';
  }
  return out;
}

/**
 * Markdown (CommonMark/GFM) inline text, in a paragraph or a table cell: the punctuation that could
 * start emphasis, code, a link, HTML, an entity, math, a heading or a cell boundary is backslash-escaped (so `<script>`
 * shows as text), a line break is a space, and unprintable characters are replaced.
 */
export function escapeMarkdown(s: string): string {
  return s
    .replace(UNPRINTABLE, REPLACEMENT)
    .replace(/\r\n|\r|\n|\t/g, ' ')
    .replace(/[\\`*_[\]<>#|~$&]/g, (c) => `\\${c}`);
}

/**
 * A CSV field (RFC 4180) of text: quoted when it holds a comma, a quote or a line break, and a text
 * a spreadsheet would run as a formula (starting with `= + - @`, a tab or a carriage return) gets a
 * leading apostrophe so it shows as text. Numbers are written as they are, not through this.
 */
export function escapeCsv(s: string): string {
  const text = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A Python string literal (the PyTorch scripts of `@chalkgrad/nn`); it lives in core, which nn imports. */
export { pyString as escapePython } from '@chalkgrad/core';
