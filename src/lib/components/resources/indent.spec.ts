import { describe, expect, it } from 'vitest';
import { indent, newline } from './indent';

describe('code editor indentation', () => {
	// Fails when Tab at a caret replaces text or misplaces the caret.
	it('inserts an indent at the caret', () => {
		expect(indent('ab', 1, 1, false)).toEqual({ value: 'a  b', start: 3, end: 3 });
	});

	// Fails when a multi-line selection is not indented line by line or the selection is lost.
	it('indents and dedents every selected line and keeps them selected', () => {
		const v = 'if (x) {\nreturn 1;\n}';
		const sel = [v.indexOf('return'), v.indexOf('}') + 1] as const;
		const ind = indent(v, sel[0], sel[1], false);
		expect(ind.value).toBe('if (x) {\n  return 1;\n  }');
		expect(ind.value.slice(ind.start, ind.end)).toBe('return 1;\n  }');
		const back = indent(ind.value, ind.start, ind.end, true);
		expect(back.value).toBe(v);
	});

	// Fails when Shift+Tab on a line without indentation changes it or moves the caret before the line.
	it('leaves unindented lines alone on dedent', () => {
		expect(indent('abc\ndef', 5, 5, true)).toEqual({ value: 'abc\ndef', start: 5, end: 5 });
		expect(indent('abc\n  def', 8, 8, true)).toEqual({ value: 'abc\ndef', start: 6, end: 6 });
	});

	// Fails when Enter drops the current indentation or does not open a block after "{".
	it('keeps the indent on Enter and adds one after an opening bracket', () => {
		expect(newline('  a', 3, 3)).toEqual({ value: '  a\n  ', start: 6, end: 6 });
		expect(newline('  if (a) {', 10, 10).value).toBe('  if (a) {\n    ');
	});
});
