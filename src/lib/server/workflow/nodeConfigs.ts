import { nodeConfigDataSchemas } from '$lib/schemas/nodeConfig';
import type { z } from 'zod';
import { ApiError, FieldError } from '../api';
import { decryptNodeConfigData, encryptNodeConfigData, NODE_CONFIG_SECRET_FIELDS, REDACTED } from '../crypto/secrets';
import { getRuntime } from '../runtime';
import { deleteNodeConfig as deleteRow, getNodeConfig, insertNodeConfig, listNodeConfigs, updateNodeConfig as updateRow } from '../store/queries/nodeConfigs';
import type { NodeConfigRow } from '../store/schema';

/**
 * Node configs for the API and the /node-configs page (SPEC §8.5): `data` is checked by the type's
 * schema; sensitive fields (NODE_CONFIG_SECRET_FIELDS) are encrypted at rest, never returned, and kept
 * when an update leaves them blank (or "***").
 */
function parseData(type: string, data: Record<string, unknown>): Record<string, unknown> {
	const schema = nodeConfigDataSchemas[type];
	if (!schema) throw new FieldError(400, 'type', `unknown node config type "${type}" (known: ${Object.keys(nodeConfigDataSchemas).join(', ')})`);
	const parsed = schema.safeParse(data);
	if (parsed.success) return parsed.data;
	const [first] = parsed.error.issues;
	if (parsed.error.issues.length === 1 && first.path.length === 1) throw new FieldError(400, `data.${String(first.path[0])}`, first.message);
	throw new ApiError(400, issues(parsed.error.issues));
}

const issues = (list: z.core.$ZodIssue[]) => list.map((i) => `data.${i.path.join('.')}: ${i.message}`).join('; ');

export async function createNodeConfig(input: { name: string; type: string; data: Record<string, unknown> }, user: string): Promise<NodeConfigRow> {
	const rt = getRuntime();
	const data = parseData(input.type, input.data);
	return insertNodeConfig(rt.db, { name: input.name, type: input.type, data: encryptNodeConfigData(input.type, data, rt.key), createdBy: user, updatedBy: user });
}

/** Undefined when the config does not exist; `data` is merged into the stored data. */
export async function updateNodeConfig(id: string, patch: { name?: string; data?: Record<string, unknown> }, user: string): Promise<NodeConfigRow | undefined> {
	const rt = getRuntime();
	const c = await getNodeConfig(rt.db, id);
	if (!c) return undefined;
	let data = c.data;
	if (patch.data) {
		const stored = decryptNodeConfigData(c.type, c.data, rt.key);
		const merged: Record<string, unknown> = { ...stored, ...patch.data };
		for (const f of NODE_CONFIG_SECRET_FIELDS[c.type] ?? []) {
			delete merged[`has_${f}`];
			if (patch.data[f] === undefined || patch.data[f] === '' || patch.data[f] === REDACTED) merged[f] = stored[f];
		}
		data = encryptNodeConfigData(c.type, parseData(c.type, merged), rt.key);
	}
	return updateRow(rt.db, c.id, { ...(patch.name !== undefined ? { name: patch.name } : {}), data, updatedBy: user });
}

export const deleteNodeConfig = (id: string) => deleteRow(getRuntime().db, id);
export const nodeConfigs = (type?: string) => listNodeConfigs(getRuntime().db, type);
export const nodeConfig = (id: string) => getNodeConfig(getRuntime().db, id);

/** What pages may show: sensitive fields are blank, with `has_<field>` saying whether one is stored. */
export async function nodeConfigViews() {
	return (await nodeConfigs()).map((c) => {
		const data: Record<string, unknown> = { ...c.data };
		const stored: Record<string, boolean> = {};
		for (const f of NODE_CONFIG_SECRET_FIELDS[c.type] ?? []) {
			stored[f] = typeof data[f] === 'string' && data[f] !== '';
			data[f] = '';
		}
		return { id: c.id, name: c.name, type: c.type, data, stored, updatedAt: c.updatedAt.toISOString(), updatedBy: c.updatedBy };
	});
}
