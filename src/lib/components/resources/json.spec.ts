import { describe, expect, it } from 'vitest';
import { exampleArgs, jsonErrorAt, jsonProblem } from './json';

describe('JSON editor checks', () => {
	// Fails when a broken JSON schema is reported as valid or the error does not say where it breaks.
	it('names the line and column of a syntax error', () => {
		expect(jsonProblem('{\n  "a": 1,\n  "b": }')).toBe('Line 3, column 8: expected a value, found "}"');
		expect(jsonProblem('{"a": 1,}')).toBe('Line 1, column 9: expected a property name in double quotes, found "}"');
		expect(jsonProblem('{"a": "x')).toMatch(/expected a closing "/);
		expect(jsonProblem('{"a": 1} x')).toMatch(/expected the end of the text/);
		expect(jsonProblem('[1]')).toBe('Must be a JSON object: { … }');
		expect(jsonProblem('  ')).toBeNull();
		expect(jsonProblem('{"type":"object"}')).toBeNull();
	});

	// Fails when the scanner disagrees with JSON.parse on what is valid JSON.
	it('accepts exactly what JSON.parse accepts', () => {
		const samples = ['{"a":[1,2.5e3,-0.1,true,false,null,{"b":"\\u00e9\\n"}]}', '[]', '"x"', '01', '1.', '{"a":1,}', '[1,]', 'tru', '"\\x"', '{"a" 1}', '-', '1e', '{"k":"\u0001"}'];
		for (const s of samples) {
			let ok = true;
			try {
				JSON.parse(s);
			} catch {
				ok = false;
			}
			expect(jsonErrorAt(s) === null, s).toBe(ok);
		}
	});

	// Fails when the Test panel's starting arguments ignore the schema's defaults, examples or types.
	it('builds example arguments from an input schema', () => {
		const schema = {
			type: 'object',
			properties: { city: { type: 'string', examples: ['Paris'] }, days: { type: 'integer', default: 3 }, units: { enum: ['metric', 'imperial'] }, raw: { type: 'boolean' }, tags: { type: 'array' } }
		};
		expect(exampleArgs(schema)).toEqual({ city: 'Paris', days: 3, units: 'metric', raw: false, tags: [] });
		expect(exampleArgs(null)).toEqual({});
	});
});
