import { describe, expect, it } from 'vitest';
import { renderTemplate, TemplateError } from './templates';

async function failure(template: string, scope: Record<string, unknown> = {}): Promise<Error> {
	const err = await renderTemplate(template, scope).then(
		(out) => new Error(`rendered instead of failing: ${out.slice(0, 80)}`),
		(e: unknown) => e as Error
	);
	return err;
}

describe('template engine against hostile templates', () => {
	it('refuses file tags however they are spelled or nested', async () => {
		const cases = [
			"{% include '/etc/passwd' %}",
			'{%- include "/etc/passwd" -%}',
			"{% render '../../../../etc/passwd' %}",
			'{% liquid\n  render "/etc/passwd"\n%}',
			'{% liquid include "x" %}',
			'{% if true %}{% include "/proc/self/environ" %}{% endif %}',
			'{% for x in (1..2) %}{% render "a" %}{% endfor %}',
			'{% layout "/etc/passwd" %}body'
		];
		for (const tpl of cases) {
			const err = await failure(tpl);
			expect(err, tpl).toBeInstanceOf(TemplateError);
			expect(err.message, tpl).toMatch(/is not available in workflow templates/);
			expect(err.message, tpl).not.toMatch(/root:|ENOENT/);
		}
	});

	it('prints file-tag text literally inside raw and comments', async () => {
		expect(await renderTemplate('{% raw %}{% include "/etc/passwd" %}{% endraw %}', {})).toBe('{% include "/etc/passwd" %}');
		expect(await renderTemplate('a{% comment %}{% include "/etc/passwd" %}{% endcomment %}b', {})).toBe('ab');
	});

	it('does not reach prototypes, functions or the host through any access form', async () => {
		const scope = { input: { text: 'hi', list: [1, 2] } };
		const out = await renderTemplate(
			'[{{ input["constructor"] }}][{{ input.text.constructor }}][{{ input.list.constructor.name }}][{{ input.__proto__.toString }}][{{ input.hasOwnProperty }}][{{ global }}][{{ globalThis.process }}][{{ require }}]',
			scope
		);
		expect(out).toBe('[][][][][][][][]');
		expect(await renderTemplate('{% assign c = input.constructor %}[{{ c.constructor }}]', scope)).toBe('[]');
	});

	it('stops runaway loops and huge strings instead of hanging', async () => {
		const started = Date.now();
		const loop = await failure('{% for i in (1..100000000) %}{% for j in (1..100000000) %}x{% endfor %}{% endfor %}');
		expect(loop).toBeInstanceOf(TemplateError);
		expect(loop.message).toMatch(/limit exceeded/);
		expect(Date.now() - started).toBeLessThan(10_000);
		const grow = await failure('{% assign s = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" %}{% for i in (1..40) %}{% assign s = s | append: s %}{% endfor %}{{ s | size }}');
		expect(grow).toBeInstanceOf(TemplateError);
		expect(grow.message).toMatch(/limit exceeded/);
	});

	it('renders values that look like template syntax as plain text (no double rendering)', async () => {
		const scope = { input: { text: '{{ "API_KEY" | getVar }} {% include "/etc/passwd" %}' } };
		let asked = 0;
		const out = await renderTemplate('{{ input.text }}', scope, {
			getVar: async () => {
				asked++;
				return 'secret';
			}
		});
		expect(out).toBe('{{ "API_KEY" | getVar }} {% include "/etc/passwd" %}');
		expect(asked).toBe(0);
	});

	it('keeps scopes of separate renders apart', async () => {
		await renderTemplate('{% assign leaked = "yes" %}', {});
		expect(await renderTemplate('[{{ leaked }}]', {})).toBe('[]');
	});
});
