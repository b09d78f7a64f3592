/**
 * Where JSON text stops being valid: a small scanner, because V8's JSON.parse messages often omit
 * the position. Returns the offset and what was expected there, or null when the text is valid JSON.
 */
const LITERAL = /true|false|null|-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;

export function jsonErrorAt(text: string): { pos: number; expected: string } | null {
	let i = 0;
	const ws = () => {
		while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
	};
	const err = (expected: string) => ({ pos: i, expected });
	type R = ReturnType<typeof err> | null;
	const str = (): R => {
		i++;
		while (i < text.length && text[i] !== '"') {
			if (text[i] === '\\') {
				i++;
				if (text[i] === 'u') {
					if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) return err('four hex digits after \\u');
					i += 4;
				} else if (!'"\\/bfnrt'.includes(text[i] ?? '')) return err('a valid escape');
			} else if (text.charCodeAt(i) < 0x20) return err('no raw control characters in a string');
			i++;
		}
		if (i >= text.length) return err('a closing "');
		i++;
		return null;
	};
	const value = (): R => {
		ws();
		const c = text[i];
		if (c === '{') {
			i++;
			ws();
			if (text[i] === '}') return (i++, null);
			for (;;) {
				ws();
				if (text[i] !== '"') return err('a property name in double quotes');
				const e = str();
				if (e) return e;
				ws();
				if (text[i] !== ':') return err("':' after the property name");
				i++;
				const v = value();
				if (v) return v;
				ws();
				if (text[i] === ',') {
					i++;
					continue;
				}
				if (text[i] === '}') return (i++, null);
				return err("',' or '}'");
			}
		}
		if (c === '[') {
			i++;
			ws();
			if (text[i] === ']') return (i++, null);
			for (;;) {
				const v = value();
				if (v) return v;
				ws();
				if (text[i] === ',') {
					i++;
					continue;
				}
				if (text[i] === ']') return (i++, null);
				return err("',' or ']'");
			}
		}
		if (c === '"') return str();
		LITERAL.lastIndex = i;
		const lit = LITERAL.exec(text);
		if (lit) {
			i += lit[0].length;
			return null;
		}
		return err(i >= text.length ? 'a value (the text ends too early)' : 'a value');
	};
	const e = value();
	if (e) return e;
	ws();
	return i < text.length ? err('the end of the text') : null;
}

/** Why `text` is not a JSON object, naming the line and column; null when it is one. Blank counts as `{}`. */
export function jsonProblem(text: string): string | null {
	if (!text.trim()) return null;
	const at = jsonErrorAt(text);
	if (at) {
		const before = text.slice(0, at.pos);
		const line = before.split('\n').length;
		const col = at.pos - before.lastIndexOf('\n');
		const found = at.pos < text.length ? `found ${JSON.stringify(text[at.pos])}` : 'found the end';
		return `Line ${line}, column ${col}: expected ${at.expected}, ${found}`;
	}
	const v: unknown = JSON.parse(text);
	if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'Must be a JSON object: { … }';
	return null;
}

/** Example arguments for a tool's input schema: each property's default, first example, or an empty value of its type. */
export function exampleArgs(schema: unknown): Record<string, unknown> {
	const props = (schema as { properties?: Record<string, { type?: string | string[]; default?: unknown; examples?: unknown[]; enum?: unknown[] }> })?.properties;
	if (!props || typeof props !== 'object') return {};
	const empty: Record<string, unknown> = { string: '', number: 0, integer: 0, boolean: false, array: [], object: {}, null: null };
	return Object.fromEntries(
		Object.entries(props).map(([k, p]) => {
			if (p?.default !== undefined) return [k, p.default];
			if (Array.isArray(p?.examples) && p.examples.length) return [k, p.examples[0]];
			if (Array.isArray(p?.enum) && p.enum.length) return [k, p.enum[0]];
			const t = Array.isArray(p?.type) ? p.type[0] : p?.type;
			return [k, t && t in empty ? empty[t] : ''];
		})
	);
}
