/** The parts the self-contained HTML pages share: the document around a body, a caption list. */
import { escapeHtml } from './escape';

/** A whole page: nothing fetched from anywhere, its style and script inline. */
export function htmlPage(title: string, style: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
${style.trim()}
</style>
</head>
<body>
${body.trim()}
</body>
</html>
`;
}

export function captionList(lines: readonly string[]): string {
  return `<ul class="caption">${lines.map((c) => `<li>${escapeHtml(c)}</li>`).join('')}</ul>`;
}
