/** Escaping of user text (labels) for DOT HTML-like labels, SVG/HTML and TeX. */

/** For HTML, SVG text and Graphviz HTML-like labels: no label can close a tag or an attribute. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** An identifier that is safe anywhere in DOT, TikZ and HTML ids. */
export function safeId(s: string): string {
  return s.replace(/[^A-Za-z0-9_]/g, '_');
}

const TEX_SPECIALS: Record<string, string> = {
  '\\': '\\textbackslash{}', '{': '\\{', '}': '\\}', $: '\\$', '&': '\\&', '#': '\\#', '^': '\\^{}', _: '\\_', '%': '\\%', '~': '\\~{}',
};

/** Unicode math that plain pdflatex cannot print, as TeX math. */
const TEX_MATH: Record<string, string> = {
  '×': '\\times', '·': '\\cdot', '−': '-', '∂': '\\partial', 'σ': '\\sigma', 'Σ': '\\Sigma', '√': '\\surd', '²': '^{2}', '³': '^{3}',
  'ᵏ': '^{k}', 'ᵇ': '^{b}', '⁻': '^{-}', '¹': '^{1}', 'ᵢ': '_{i}', '≠': '\\neq', '≥': '\\geq', '≤': '\\leq', '½': '\\tfrac12', '‖': '\\|',
  '⊙': '\\odot', 'ᵀ': '^{T}', '∞': '\\infty', '→': '\\to', 'θ': '\\theta', 'η': '\\eta', 'λ': '\\lambda', 'μ': '\\mu', 'ρ': '\\rho', 'ε': '\\epsilon',
};

/** Text for TeX: specials escaped, Unicode math turned into math mode, anything else unknown dropped to '?'. */
export function escapeTex(s: string): string {
  let out = '';
  for (const ch of s) {
    if (TEX_SPECIALS[ch]) out += TEX_SPECIALS[ch];
    else if (TEX_MATH[ch]) out += `$${TEX_MATH[ch]}$`;
    else if (ch.charCodeAt(0) < 128) out += ch;
    else out += '?';
  }
  return out.replace(/\$\$/g, '');
}
