/**
 * Labels an attacker or a careless user might give: each tries to break out of one output format
 * (close a tag or a string, start a table row, run or read something in TeX) or to be text a format
 * cannot hold. `CANARY` is a file a TeX label tries to read; its content must never reach a PDF.
 */
export const CANARY_TEXT = 'CANARYSECRET';

export function hostileLabels(canary: string): string[] {
  return [
    '"', "'", '"\'`', '\\', '\\\\', '{', '}', '}{', '$', '$$', '^', '~', '%', '#', '&', '_', '#1', '^^5c', '^^M', '[2]', ']', '|', '||x||',
    `\\input{${canary}}`, `$\\input{${canary}}$`, `$input ${canary} `, `}\\input{${canary}}{`, `\\include{${canary}}`, `\\openin1=${canary}`,
    '\\immediate\\write18{touch PWNED}', '\\write18{touch PWNED}', '$\\immediate\\write18{touch PWNED}$', '\\catcode`\\@=0', '\\def\\x{y}\\x',
    '\\end{document}', '\\end{align*}', '\\verb|x|', '\\csname relax\\endcsname', '\\\\[2pt]',
    'a\nb', 'a\n\nb', '\r', '\t', '\x00', '\x01', '\x1b[31mred', '\x7f', '\x85', '\u2028', '\ufeff', '\u202eRTL mark', '\u200f\u200e', 'x\u0301',
    '\ud83d\ude00 emoji', '\ud800', '\udc00x', '\uffff',
    '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '</TD></TR></TABLE>>];', '"]; a -> b; x [label="', '<<B>b</B>>', ']]>', '<!--', '-->',
    '&amp;', '&#0;', '&lt;', '\\N \\G \\E \\T \\H \\L \\l \\n',
    '| a | b |', '*x*', '_x_', '`x`', '[link](javascript:alert(1))', '# heading', '---', '<br>',
    'w1·x1', '∂σ/∂a × 2 − 1', 'x²²', 'x₁', 'θ', 'é', '中文',
    'x'.repeat(5000),
  ];
}
