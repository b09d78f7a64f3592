import createDOMPurify, { type DOMPurify as Purifier, type WindowLike } from 'dompurify';
import { Marked, type Tokens } from 'marked';

/**
 * Assistant replies are untrusted (a model can be told to write HTML): markdown is rendered by
 * `marked` and the HTML always goes through DOMPurify before it reaches the DOM. Raw HTML in the
 * markdown is escaped rather than interpreted, so `<img onerror>` shows as text; links open in a new
 * tab without access to this window; only http(s), mailto and in-page links stay clickable.
 */

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESC[c]);

const SAFE_HREF = /^(https?:|mailto:|#)/i;

const marked = new Marked({
	gfm: true,
	breaks: true,
	renderer: {
		html({ text }: Tokens.HTML | Tokens.Tag) {
			return escapeHtml(text);
		},
		code({ text, lang }: Tokens.Code) {
			const language = (lang ?? '').match(/^[\w+#.-]+/)?.[0] ?? '';
			return (
				`<div class="md-code"><div class="md-code-bar"><span>${escapeHtml(language || 'text')}</span>` +
				`<button type="button" class="md-copy" data-copy-code>Copy</button></div>` +
				`<pre><code${language ? ` class="language-${escapeHtml(language)}"` : ''}>${escapeHtml(text)}</code></pre></div>`
			);
		}
	}
});

function configurePurifier(purify: Purifier): Purifier {
	purify.addHook('afterSanitizeAttributes', (node) => {
		if (node.nodeName === 'A') {
			const href = node.getAttribute('href') ?? '';
			if (!SAFE_HREF.test(href.trim())) node.removeAttribute('href');
			else if (!href.startsWith('#')) {
				node.setAttribute('target', '_blank');
				node.setAttribute('rel', 'noopener noreferrer nofollow');
			}
		}
		if (node.nodeName === 'IMG') {
			const src = node.getAttribute('src') ?? '';
			if (!/^(https?:|data:image\/)/i.test(src)) node.removeAttribute('src');
			node.setAttribute('loading', 'lazy');
			node.setAttribute('referrerpolicy', 'no-referrer');
		}
	});
	return purify;
}

const purifiers = new WeakMap<WindowLike, Purifier>();

/** Markdown → sanitised HTML. `win` is the DOM to sanitise with (the browser's by default; jsdom in tests). */
export function renderMarkdown(md: string, win: WindowLike = window): string {
	let purify = purifiers.get(win);
	if (!purify) purifiers.set(win, (purify = configurePurifier(createDOMPurify(win))));
	const html = marked.parse(md, { async: false });
	return purify.sanitize(html, {
		FORBID_TAGS: ['style', 'form', 'input', 'textarea', 'select', 'iframe', 'object', 'embed'],
		FORBID_ATTR: ['style'],
		ADD_ATTR: ['target']
	});
}
