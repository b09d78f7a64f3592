/**
 * Editing rules of the plain-textarea code editor (pure, so they are unit-tested): Tab indents
 * (the selected lines, or inserts at the caret), Shift+Tab dedents, Enter keeps the line's indent.
 */
export const INDENT = '  ';

export interface Edit {
	value: string;
	start: number;
	end: number;
}

const lineStart = (v: string, i: number) => v.lastIndexOf('\n', i - 1) + 1;

export function indent(v: string, start: number, end: number, dedent: boolean): Edit {
	if (start === end && !dedent) return { value: v.slice(0, start) + INDENT + v.slice(end), start: start + INDENT.length, end: start + INDENT.length };
	const from = lineStart(v, start);
	const to = end > start && v[end - 1] === '\n' ? end - 1 : end;
	const lines = v.slice(from, to).split('\n');
	let first = 0;
	let total = 0;
	const changed = lines.map((line, i) => {
		if (!dedent) {
			if (i === 0) first = INDENT.length;
			total += INDENT.length;
			return INDENT + line;
		}
		const cut = line.startsWith(INDENT) ? INDENT.length : line.startsWith('\t') || line.startsWith(' ') ? 1 : 0;
		if (i === 0) first = -cut;
		total -= cut;
		return line.slice(cut);
	});
	const value = v.slice(0, from) + changed.join('\n') + v.slice(to);
	const newStart = Math.max(from, start + first);
	return { value, start: newStart, end: start === end ? newStart : Math.max(newStart, end + total) };
}

/** Enter: a newline plus the current line's leading whitespace (one level more after `{`, `[` or `(`). */
export function newline(v: string, start: number, end: number): Edit {
	const from = lineStart(v, start);
	const lead = /^[ \t]*/.exec(v.slice(from, start))![0];
	const before = v.slice(from, start).trimEnd();
	const extra = /[{[(]$/.test(before) ? INDENT : '';
	const insert = '\n' + lead + extra;
	const caret = start + insert.length;
	return { value: v.slice(0, start) + insert + v.slice(end), start: caret, end: caret };
}
