import { describe, expect, it } from 'vitest';
import { renderFields, renderTemplate, templateCacheSize, TemplateError } from './templates';

describe('renderTemplate', () => {
	it('renders variables and nested fields', async () => {
		expect(await renderTemplate('Hello {{ input.text }}!', { input: { text: 'world' } })).toBe('Hello world!');
		expect(await renderTemplate('{{ data.items[1].name }}', { data: { items: [{ name: 'a' }, { name: 'b' }] } })).toBe('b');
		expect(await renderTemplate('{{ missing.deep }}|{{ nothing }}', {})).toBe('|');
		expect(await renderTemplate('plain text', {})).toBe('plain text');
	});

	it('prints objects as compact JSON', async () => {
		expect(await renderTemplate('{{ input }}', { input: { a: 1, b: [true, null] } })).toBe('{"a":1,"b":[true,null]}');
	});

	it('has json (compact and pretty) and default filters', async () => {
		const scope = { input: { a: 1, s: 'x"y' } };
		expect(await renderTemplate('{{ input | json }}', scope)).toBe('{"a":1,"s":"x\\"y"}');
		expect(await renderTemplate('{{ input | json: 2 }}', scope)).toBe('{\n  "a": 1,\n  "s": "x\\"y"\n}');
		expect(await renderTemplate('{{ input.s | json }}', scope)).toBe('"x\\"y"');
		expect(await renderTemplate('{{ input.nope | json }}', scope)).toBe('null');
		expect(await renderTemplate('{{ input.nope | default: "fallback" }}', scope)).toBe('fallback');
		expect(await renderTemplate('{{ input.a | default: 5 }}', scope)).toBe('1');
	});

	it('supports logic-light tags', async () => {
		const tpl = '{% for x in items %}{% if x > 1 %}{{ x }},{% endif %}{% endfor %}';
		expect(await renderTemplate(tpl, { items: [1, 2, 3] })).toBe('2,3,');
		expect(await renderTemplate('{{ name | upcase }}', { name: 'ada' })).toBe('ADA');
	});

	it('reads variables with the getVar filter', async () => {
		const seen: string[] = [];
		const getVar = async (key: string) => {
			seen.push(key);
			return key === 'API_KEY' ? 'sk-123' : undefined;
		};
		expect(await renderTemplate('Bearer {{ "API_KEY" | getVar }}', {}, { getVar })).toBe('Bearer sk-123');
		expect(await renderTemplate('[{{ name | getVar }}]', { name: 'UNKNOWN' }, { getVar })).toBe('[]');
		expect(seen).toEqual(['API_KEY', 'UNKNOWN']);
		await expect(renderTemplate('{{ "API_KEY" | getVar }}', {})).rejects.toThrow('getVar is not available here');
	});

	it('reads variables with the getVar tag, printed or assigned', async () => {
		const seen: string[] = [];
		const getVar = async (key: string) => {
			seen.push(key);
			return key === 'API_KEY' ? 'sk-123' : undefined;
		};
		expect(await renderTemplate('Bearer {% getVar "API_KEY" %}!', {}, { getVar })).toBe('Bearer sk-123!');
		expect(await renderTemplate("{% getVar 'API_KEY' as key %}[{{ key | upcase }}]", {}, { getVar })).toBe('[SK-123]');
		expect(await renderTemplate('{% getVar input.name %}|{% getVar "NOPE" %}|', { input: { name: 'API_KEY' } }, { getVar })).toBe('sk-123||');
		expect(seen).toEqual(['API_KEY', 'API_KEY', 'API_KEY', 'NOPE']);
		await expect(renderTemplate('{% getVar "API_KEY" %}', {})).rejects.toThrow('getVar is not available here');
		for (const bad of ['{% getVar %}', '{% getVar "A" into b %}', '{% getVar "A" as %}', '{% getVar "A" as b c %}']) {
			const err = await renderTemplate(bad, {}, { getVar }).catch((e: unknown) => e);
			expect(err, bad).toBeInstanceOf(TemplateError);
			expect((err as Error).message, bad).toMatch(/getVar: expected/);
		}
	});

	it('refuses include, render and layout without touching the file system', async () => {
		for (const tag of ['include', 'render', 'layout']) {
			const err = await renderTemplate(`{% ${tag} "/etc/passwd" %}`, {}).catch((e: unknown) => e);
			expect(err).toBeInstanceOf(TemplateError);
			expect((err as Error).message).toBe(`the "${tag}" tag is not available in workflow templates`);
		}
	});

	it('does not reach prototypes, the environment or code', async () => {
		expect(await renderTemplate('{{ input.constructor }}{{ input.__proto__ }}{{ input.toString }}', { input: {} })).toBe('');
		expect(await renderTemplate('{{ process.env.HOME }}{{ env.HOME }}', {})).toBe('');
	});

	it('rejects syntax errors and unknown filters with a TemplateError', async () => {
		await expect(renderTemplate('{{ input | nosuchfilter }}', { input: 1 })).rejects.toThrow(TemplateError);
		await expect(renderTemplate('{% if %}', {})).rejects.toThrow(/^template error: /);
		await expect(renderTemplate('{% for x in y %}', {})).rejects.toThrow(TemplateError);
	});

	it('stops templates that render too long or allocate too much', async () => {
		const started = Date.now();
		await expect(renderTemplate('{% for i in (1..100000000) %}{{ i }}{% endfor %}', {})).rejects.toThrow(TemplateError);
		await expect(renderTemplate('{% assign s = "xxxxxxxxxx" %}{% for i in (1..40) %}{% assign s = s | append: s %}{% endfor %}{{ s | size }}', {})).rejects.toThrow(TemplateError);
		expect(Date.now() - started).toBeLessThan(10_000);
	});

	it('caches parsed templates', async () => {
		const tpl = `cache test {{ n }} ${Math.random()}`;
		const before = templateCacheSize();
		expect(await renderTemplate(tpl, { n: 1 })).toMatch(/^cache test 1 /);
		expect(templateCacheSize()).toBe(before + 1);
		expect(await renderTemplate(tpl, { n: 2 })).toMatch(/^cache test 2 /);
		expect(templateCacheSize()).toBe(before + 1);
		for (let i = 0; i < 600; i++) await renderTemplate(`{{ n }}${i}`, { n: i });
		expect(templateCacheSize()).toBe(500);
	});
});

describe('renderFields', () => {
	it('renders the templated fields of node data, including header values', async () => {
		const data = { method: 'POST', url: 'https://api.test/{{ values.id }}', headers: { authorization: 'Bearer {{ "TOKEN" | getVar }}', 'x-n': 3 }, body: '{{ data | json }}', to: ['{{ values.mail }}'], retry: { count: 0 } };
		const out = await renderFields(data, ['url', 'headers', 'body', 'to', 'missing'], { values: { id: 7, mail: 'a@b.test' }, data: { q: 'x' } }, { getVar: async () => 'tok' });
		expect(out).toEqual({ method: 'POST', url: 'https://api.test/7', headers: { authorization: 'Bearer tok', 'x-n': 3 }, body: '{"q":"x"}', to: ['a@b.test'], retry: { count: 0 } });
		expect(data.url).toBe('https://api.test/{{ values.id }}');
	});

	it('names the field of a failing template', async () => {
		await expect(renderFields({ url: '{% include "x" %}' }, ['url'], {})).rejects.toThrow('url: the "include" tag is not available in workflow templates');
	});
});
