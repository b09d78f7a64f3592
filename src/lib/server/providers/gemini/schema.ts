/**
 * JSON Schema → the OpenAPI 3.0 subset Gemini's `Schema` accepts (function parameters and
 * `responseSchema`). `$ref`s are inlined (recursion is cut to a bare object), `allOf` is merged,
 * `oneOf` becomes `anyOf`, type lists and null variants become `nullable`, `const` becomes a
 * one-value enum, non-string enums and unsupported keywords/formats are dropped, empty
 * `properties` are removed and `required` only names properties that exist.
 */
import { isRecord } from '../common';

type Json = Record<string, unknown>;

const COPY = new Set([
	'title',
	'description',
	'minItems',
	'maxItems',
	'minProperties',
	'maxProperties',
	'minLength',
	'maxLength',
	'pattern',
	'example',
	'default',
	'minimum',
	'maximum',
	'propertyOrdering'
]);

const FORMATS: Record<string, Set<string>> = {
	string: new Set(['enum', 'date-time']),
	number: new Set(['float', 'double']),
	integer: new Set(['int32', 'int64'])
};

/** Nesting depth past which a schema is cut (Gemini rejects very deep schemas anyway). */
const MAX_DEPTH = 24;

function resolveRef(ref: string, root: Json): Json | undefined {
	if (!ref.startsWith('#')) return undefined;
	let node: unknown = root;
	for (const raw of ref.slice(1).split('/').filter(Boolean)) {
		const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
		if (!isRecord(node)) return undefined;
		node = node[key];
	}
	return isRecord(node) ? node : undefined;
}

function mergeAllOf(node: Json): Json {
	const { allOf, ...rest } = node;
	let out: Json = { ...rest };
	for (const part of allOf as unknown[]) {
		if (!isRecord(part)) continue;
		const props = isRecord(out.properties) || isRecord(part.properties) ? { ...(out.properties as Json), ...(part.properties as Json) } : undefined;
		const required = [...((out.required as unknown[]) ?? []), ...((part.required as unknown[]) ?? [])];
		out = { ...part, ...out };
		if (props) out.properties = props;
		if (required.length) out.required = [...new Set(required)];
	}
	return out;
}

function walk(input: unknown, root: Json, depth: number, refs: readonly string[]): Json {
	if (!isRecord(input)) return {};
	if (depth > MAX_DEPTH) return { type: 'object' };
	let node: Json = input;
	if (typeof node.$ref === 'string') {
		const ref = node.$ref;
		const target = refs.includes(ref) ? undefined : resolveRef(ref, root);
		if (!target) return { type: 'object', ...(typeof node.description === 'string' ? { description: node.description } : {}) };
		const { $ref: _ref, ...siblings } = node;
		return walk({ ...target, ...siblings }, root, depth + 1, [...refs, ref]);
	}
	if (Array.isArray(node.allOf)) node = mergeAllOf(node);

	const out: Json = {};
	let nullable = node.nullable === true;

	const variants = Array.isArray(node.anyOf) ? node.anyOf : Array.isArray(node.oneOf) ? node.oneOf : undefined;
	if (variants) {
		const kept = variants.filter((v) => !(isRecord(v) && v.type === 'null'));
		if (kept.length < variants.length) nullable = true;
		const { anyOf: _a, oneOf: _o, ...rest } = node;
		if (kept.length === 1 && isRecord(kept[0])) {
			const merged = walk({ ...kept[0], ...rest }, root, depth + 1, refs);
			if (nullable) merged.nullable = true;
			return merged;
		}
		if (kept.length > 1) {
			for (const k in rest) if (COPY.has(k)) out[k] = rest[k];
			out.anyOf = kept.map((v) => walk(v, root, depth + 1, refs));
			if (nullable) out.nullable = true;
			return out;
		}
		node = rest;
	}

	let type = node.type;
	if (Array.isArray(type)) {
		const nonNull = type.filter((t) => t !== 'null');
		if (nonNull.length < type.length) nullable = true;
		if (nonNull.length > 1) {
			const { type: _t, ...rest } = node;
			out.anyOf = nonNull.map((t) => walk({ ...rest, type: t }, root, depth + 1, refs));
			if (nullable) out.nullable = true;
			return out;
		}
		type = nonNull[0];
	}
	if (type === 'null') {
		type = undefined;
		nullable = true;
	}

	let values: unknown[] | undefined = Array.isArray(node.enum) ? node.enum : 'const' in node ? [node.const] : undefined;
	if (values) {
		const nonNull = values.filter((v) => v !== null);
		if (nonNull.length < values.length) nullable = true;
		values = nonNull.every((v) => typeof v === 'string') && nonNull.length ? nonNull : undefined;
		if (values && type === undefined) type = 'string';
		if (values && type !== 'string') values = undefined;
	}

	if (typeof type === 'string') out.type = type;
	if (typeof node.format === 'string' && typeof type === 'string' && FORMATS[type]?.has(node.format)) out.format = node.format;
	for (const k in node) if (COPY.has(k)) out[k] = node[k];
	if (out.example === undefined && Array.isArray(node.examples) && node.examples.length) out.example = node.examples[0];
	if (nullable) out.nullable = true;
	if (values) out.enum = values;

	if (isRecord(node.properties)) {
		const props: Json = {};
		for (const [name, sub] of Object.entries(node.properties)) props[name] = walk(sub, root, depth + 1, refs);
		if (Object.keys(props).length) {
			out.properties = props;
			if (Array.isArray(node.required)) {
				const req = node.required.filter((r): r is string => typeof r === 'string' && r in props);
				if (req.length) out.required = req;
			}
		}
	}
	if (node.items !== undefined) {
		const items = Array.isArray(node.items) ? node.items[0] : node.items;
		if (isRecord(items)) out.items = walk(items, root, depth + 1, refs);
	}
	if (out.type === 'array' && !out.items) out.items = { type: 'string' };
	return out;
}

export function sanitizeSchema(schema: unknown): Json {
	return isRecord(schema) ? walk(schema, schema, 0, []) : {};
}

/** Sanitised function parameters, or undefined for a function without parameters. */
export function sanitizeParameters(schema: unknown): Json | undefined {
	if (!isRecord(schema)) return undefined;
	const out = sanitizeSchema(schema);
	if ((out.type === 'object' || out.type === undefined) && !out.properties && !out.anyOf) return undefined;
	return out;
}
