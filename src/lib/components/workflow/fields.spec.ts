import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { nodeDataSchemas, nodeTypes } from '$lib/workflow';
import { formFields, getPath, HIDDEN_FIELDS, setPath } from './fields';

describe('node forms', () => {
	// Prevents a schema field that cannot be edited in the side panel, or a form field the schema does not know.
	it('has one field per key of every node type’s data schema', () => {
		for (const type of Object.keys(nodeTypes)) {
			const schema = nodeDataSchemas[type as keyof typeof nodeDataSchemas] as unknown as z.ZodObject;
			const keys = Object.keys(schema.shape).filter((k) => !HIDDEN_FIELDS.has(k)).sort();
			const fields = [...new Set(formFields(type).map((f) => f.name.split('.')[0]))].sort();
			expect(fields, type).toEqual(keys);
		}
	});

	// Prevents select options the schema would reject.
	it('offers only values the schema accepts', () => {
		for (const type of Object.keys(nodeTypes)) {
			for (const f of formFields(type)) {
				if (f.kind !== 'select') continue;
				for (const option of f.options ?? []) {
					const parsed = nodeDataSchemas[type as keyof typeof nodeDataSchemas].safeParse({ [f.name]: option });
					expect(parsed.success, `${type}.${f.name}=${option}`).toBe(true);
				}
			}
		}
	});

	// Prevents edits of nested fields (retry.count) clobbering their siblings.
	it('reads and writes dotted paths immutably', () => {
		const d = { retry: { count: 1, backoff: 2 }, a: 1 };
		const e = setPath(d, 'retry.count', 3);
		expect(e).toEqual({ retry: { count: 3, backoff: 2 }, a: 1 });
		expect(d.retry.count).toBe(1);
		expect(getPath(e, 'retry.backoff')).toBe(2);
		expect(setPath(e, 'a', undefined)).not.toHaveProperty('a');
	});
});
