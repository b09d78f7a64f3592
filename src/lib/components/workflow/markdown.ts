/**
 * Sticky-note markdown, rendered inert (SPEC §12: XSS in markdown). Two layers: marked runs with
 * raw HTML escaped, links limited to http(s), mailto and relative URLs, and images dropped; in the
 * browser DOMPurify then sanitises the result. The first layer alone is safe, so the server can
 * render notes without a DOM.
 */
import DOMPurify from 'dompurify';
import { Marked, type Tokens } from 'marked';

const SAFE_URL = /^(https?:|mailto:|\/|#|\.{0,2}\/)/i;

function escapeHtml(s: string): string {
	return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const marked = new Marked({
	gfm: true,
	breaks: true,
	async: false,
	renderer: {
		html({ text }: Tokens.HTML | Tokens.Tag) {
			return escapeHtml(text);
		},
		link(this: { parser: { parseInline(t: Tokens.Generic[]): string } }, { href, title, tokens }: Tokens.Link) {
			const text = this.parser.parseInline(tokens);
			const url = href.trim();
			if (!SAFE_URL.test(url)) return text;
			return `<a href="${escapeHtml(url)}"${title ? ` title="${escapeHtml(title)}"` : ''} target="_blank" rel="noopener noreferrer nofollow">${text}</a>`;
		},
		image({ text }: Tokens.Image) {
			return escapeHtml(text);
		}
	}
});

export function renderMarkdown(source: string): string {
	const html = marked.parse(source ?? '') as string;
	if (typeof window === 'undefined' || !DOMPurify.isSupported) return html;
	return DOMPurify.sanitize(html, { ADD_ATTR: ['target'], FORBID_TAGS: ['style', 'img', 'form', 'input', 'button', 'iframe'] });
}
