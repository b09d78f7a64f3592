import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown';

describe('renderMarkdown (sticky notes)', () => {
	// Prevents script injection through a note (SPEC §12: XSS in markdown rendered inert).
	it('escapes raw HTML and drops unsafe links and images', () => {
		const html = renderMarkdown('<img src=x onerror=alert(1)> <script>alert(2)</script>\n\n[x](javascript:alert(3)) ![i](https://e.com/a.png) [ok](https://example.com)');
		expect(html).not.toMatch(/<img|<script|javascript:/i);
		expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
		expect(html).toContain('<a href="https://example.com" target="_blank" rel="noopener noreferrer nofollow">ok</a>');
	});

	// Prevents entity-encoded javascript: URLs slipping through the scheme check.
	it('refuses encoded schemes', () => {
		expect(renderMarkdown('[a](javascript&#58;alert(1)) [b](JaVaScRiPt:alert(1)) [c](data:text/html,x)')).not.toContain('href');
	});

	// Prevents notes losing their formatting.
	it('renders markdown', () => {
		const html = renderMarkdown('# Title\n\n- **bold** and `code`');
		expect(html).toContain('<h1>Title</h1>');
		expect(html).toContain('<strong>bold</strong>');
		expect(html).toContain('<code>code</code>');
	});
});
