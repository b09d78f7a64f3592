import { describe, expect, it } from 'vitest';
import { highlight, type CodeToken } from './highlight';

const kinds = (tokens: CodeToken[], kind: CodeToken['kind']) => tokens.filter((t) => t.kind === kind).map((t) => t.text.trim());

describe('highlight', () => {
	// Fails when highlighting loses or reorders characters (a sample copied from the page would differ).
	it('keeps the text exactly: the tokens join back to the input', () => {
		for (const [code, lang] of [
			['curl https://x/v1 \\\n  -H "A: b" -d \'{"a":1}\' # c', 'bash'],
			['import os\nprint("hi", 2)  # done', 'python'],
			["const a = await f('x'); // y\n`t${1}`", 'js'],
			['{"a": [1, -2.5e3, true, null, "s"]}', 'json']
		] as const)
			expect(
				highlight(code, lang)
					.map((t) => t.text)
					.join('')
			).toBe(code);
	});

	it('marks comments, strings, keywords, calls, variables and flags', () => {
		const b = highlight('export X="1"\ncurl -N $AT_TOKEN # go', 'bash');
		expect(kinds(b, 'keyword')).toEqual(['export', 'curl']);
		expect(kinds(b, 'string')).toEqual(['"1"']);
		expect(kinds(b, 'variable')).toEqual(['$AT_TOKEN']);
		expect(kinds(b, 'flag')).toEqual(['-N']);
		expect(kinds(b, 'comment')).toEqual(['# go']);
		const py = highlight('from openai import OpenAI\nclient = OpenAI(base_url="u")', 'python');
		expect(kinds(py, 'keyword')).toEqual(['from', 'import']);
		expect(kinds(py, 'fn')).toEqual(['OpenAI']);
		expect(kinds(py, 'string')).toEqual(['"u"']);
	});

	it('tells JSON keys from string values', () => {
		const j = highlight('{"model": "p/m", "n": 2, "ok": false}', 'json');
		expect(kinds(j, 'key')).toEqual(['"model"', '"n"', '"ok"']);
		expect(kinds(j, 'string')).toEqual(['"p/m"']);
		expect(kinds(j, 'number')).toEqual(['2']);
		expect(kinds(j, 'keyword')).toEqual(['false']);
	});

	it('does not treat digits inside words, or anything in shell URLs, as numbers', () => {
		expect(kinds(highlight('gpt4o v1 x2 = 3', 'python'), 'number')).toEqual(['3']);
		expect(kinds(highlight('curl http://127.0.0.1:4211/v1', 'bash'), 'number')).toEqual([]);
	});
});
