import type { SampleLang } from './samples';

/** A piece of highlighted code; `kind` becomes a CSS class, the text is rendered as text. */
export interface CodeToken {
	kind: 'plain' | 'comment' | 'string' | 'keyword' | 'number' | 'key' | 'variable' | 'flag' | 'fn';
	text: string;
}
type Kind = CodeToken['kind'];

const WORD = /[A-Za-z_$][\w$]*/y;
const NUMBER = /\d+(?:\.\d+)?/y;
const DQ = /"(?:[^"\\\n]|\\.)*"/y;
const SQ = /'(?:[^'\\\n]|\\.)*'/y;

// Tried in order at each position (sticky regexes); a word is a keyword when listed, a call when `(` follows.
const RULES: Record<SampleLang, { rules: [Kind, RegExp][]; keywords: string[] }> = {
	bash: {
		rules: [
			['comment', /#[^\n]*/y],
			['string', /'[^']*'/y],
			['string', DQ],
			['variable', /\$[A-Za-z_]\w*/y],
			['flag', /(?<=\s)--?[A-Za-z][\w-]*/y]
		],
		keywords: ['export', 'curl', 'claude']
	},
	python: {
		rules: [
			['comment', /#[^\n]*/y],
			['string', DQ],
			['string', SQ]
		],
		keywords: ['import', 'from', 'as', 'for', 'in', 'if', 'and', 'or', 'not', 'True', 'False', 'None', 'def', 'return', 'with']
	},
	js: {
		rules: [
			['comment', /\/\/[^\n]*/y],
			['string', DQ],
			['string', SQ],
			['string', /`(?:[^`\\]|\\.)*`/y]
		],
		keywords: ['import', 'from', 'const', 'let', 'await', 'async', 'new', 'for', 'of', 'return', 'true', 'false', 'null', 'function']
	},
	json: {
		rules: [
			['key', /"(?:[^"\\]|\\.)*"(?=\s*:)/y],
			['string', /"(?:[^"\\]|\\.)*"/y],
			['number', /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y]
		],
		keywords: ['true', 'false', 'null']
	}
};

function at(re: RegExp, code: string, i: number): string | null {
	re.lastIndex = i;
	const m = re.exec(code);
	return m && m[0] ? m[0] : null;
}

/** Splits `code` into tokens for CSS-only highlighting (no HTML is produced, nothing is evaluated). */
export function highlight(code: string, lang: SampleLang): CodeToken[] {
	const { rules, keywords } = RULES[lang];
	const kw = new Set(keywords);
	const out: CodeToken[] = [];
	const push = (kind: Kind, text: string) => {
		const last = out[out.length - 1];
		if (last && last.kind === kind) last.text += text;
		else out.push({ kind, text });
	};
	let i = 0;
	outer: while (i < code.length) {
		for (const [kind, re] of rules) {
			const hit = at(re, code, i);
			if (hit) {
				push(kind, hit);
				i += hit.length;
				continue outer;
			}
		}
		const prev = code[i - 1] ?? ' ';
		if (!/[\w$]/.test(prev)) {
			// Shell samples are mostly URLs and paths, where a coloured port or version only distracts.
			const num = lang === 'python' || lang === 'js' ? at(NUMBER, code, i) : null;
			if (num) {
				push('number', num);
				i += num.length;
				continue;
			}
			const word = at(WORD, code, i);
			if (word) {
				const call = lang !== 'bash' && lang !== 'json' && /^\s*\(/.test(code.slice(i + word.length, i + word.length + 8));
				push(kw.has(word) ? 'keyword' : call ? 'fn' : 'plain', word);
				i += word.length;
				continue;
			}
		}
		push('plain', code[i]);
		i++;
	}
	return out;
}
