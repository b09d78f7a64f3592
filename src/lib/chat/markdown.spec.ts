import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown';

const win = new JSDOM('').window as unknown as Parameters<typeof renderMarkdown>[1];
const render = (md: string) => renderMarkdown(md, win);
const dom = (html: string) => new JSDOM(`<body>${html}</body>`).window.document.body;

describe('renderMarkdown', () => {
	it('renders common markdown: emphasis, lists, tables, inline code', () => {
		const body = dom(render('**bold** and *it*\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nuse `npm i`'));
		expect(body.querySelector('strong')?.textContent).toBe('bold');
		expect(body.querySelectorAll('li')).toHaveLength(2);
		expect(body.querySelector('table td')?.textContent).toBe('1');
		expect(body.querySelector('code')?.textContent).toBe('npm i');
	});

	// Fails when model-written HTML reaches the DOM as markup (stored XSS through a chat reply).
	it('shows raw HTML as text: <img onerror>, <script>, <iframe> stay inert', () => {
		const html = render('hi <img src=x onerror="alert(1)"> <script>alert(2)</script>\n\n<iframe src="https://evil"></iframe>');
		const body = dom(html);
		expect(body.querySelector('img, script, iframe')).toBeNull();
		expect(body.textContent).toContain('<img src=x onerror="alert(1)">');
		expect(body.textContent).toContain('<script>alert(2)</script>');
		expect(html).not.toMatch(/<script|<img|<iframe/i);
	});

	it('drops javascript: links and markdown images with script URLs; safe links open in a new tab', () => {
		const body = dom(render('[x](javascript:alert(1)) [ok](https://example.com) ![p](javascript:alert(3))'));
		const links = [...body.querySelectorAll('a')];
		expect(links.find((a) => a.textContent === 'x')?.hasAttribute('href')).toBe(false);
		const ok = links.find((a) => a.textContent === 'ok')!;
		expect(ok.getAttribute('href')).toBe('https://example.com');
		expect(ok.getAttribute('target')).toBe('_blank');
		expect(ok.getAttribute('rel')).toContain('noopener');
		expect(body.querySelector('img')?.getAttribute('src') ?? null).toBeNull();
	});

	it('keeps attribute injection through a link title out of the markup', () => {
		const a = dom(render('[t](https://x.test "a\\" onmouseover=\\"alert(1)")')).querySelector('a');
		expect(a?.getAttribute('onmouseover')).toBeNull();
		expect(a?.getAttribute('href')).toBe('https://x.test');
	});

	it('renders fenced code with a language label and a copy button, code escaped', () => {
		const body = dom(render('```ts\nconst a = "<b>";\n```'));
		expect(body.querySelector('.md-code-bar span')?.textContent).toBe('ts');
		expect(body.querySelector('[data-copy-code]')).not.toBeNull();
		expect(body.querySelector('pre code')?.textContent).toBe('const a = "<b>";');
		expect(body.querySelector('pre b')).toBeNull();
	});

	it('cannot be broken out of with a hostile code-fence language', () => {
		const body = dom(render('```"><img src=x onerror=alert(1)>\nx\n```'));
		expect(body.querySelector('img')).toBeNull();
		expect(body.querySelector('pre code')?.textContent).toBe('x');
	});
});
