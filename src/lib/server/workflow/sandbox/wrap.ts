/**
 * Wraps user code so that it evaluates to a promise of its result: 'expression' mode evaluates one
 * expression, 'function' mode a function body that may `return` and `await`.
 */
export function wrapUserCode(code: string, mode: 'expression' | 'function'): string {
	return mode === 'expression' ? `(async () => (\n${code}\n))()` : `(async () => {\n${code}\n})()`;
}
