/** Every message of a superforms error entry, whether a field's list or an array field's `{_errors, 0: […]}`. */
export function errorList(e: unknown): string[] {
	if (!e) return [];
	if (Array.isArray(e)) return e.filter((m): m is string => typeof m === 'string');
	if (typeof e === 'object') return Object.values(e as Record<string, unknown>).flatMap(errorList);
	return [];
}
