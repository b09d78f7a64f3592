import type { VariableInput } from '$lib/schemas/variable';
import { FieldError } from '../api';
import { encrypt } from '../crypto/enc';
import { REDACTED } from '../crypto/secrets';
import { getRuntime } from '../runtime';
import { deleteVariable as deleteRow, getVariable, insertVariable, listVariables, updateVariable as updateRow } from '../store/queries/variables';
import type { VariableRow } from '../store/schema';

/**
 * Variables for the API and the /variables page (SPEC §8.5): secret values are encrypted at rest,
 * never returned, and a blank (or "***") value on update keeps the stored one. Every change is
 * announced so that getVar caches on every instance drop the old value.
 */
export async function createVariable(input: VariableInput, user: string): Promise<VariableRow> {
	const rt = getRuntime();
	const row = await insertVariable(rt.db, {
		key: input.key,
		value: input.secret ? encrypt(input.value, rt.key) : input.value,
		description: input.description,
		secret: input.secret,
		createdBy: user,
		updatedBy: user
	});
	await rt.bus.publish('variables.changed', { key: row.key });
	return row;
}

/** Undefined when the variable does not exist. Turning a secret into a plain variable needs a new value. */
export async function updateVariable(id: string, patch: Partial<VariableInput>, user: string): Promise<VariableRow | undefined> {
	const rt = getRuntime();
	const v = await getVariable(rt.db, id);
	if (!v) return undefined;
	const secret = patch.secret ?? v.secret;
	const keep = patch.value === undefined || (v.secret && (patch.value === '' || patch.value === REDACTED));
	if (v.secret && !secret && keep) throw new FieldError(400, 'value', 'give a new value when a secret variable stops being secret');
	let value: string;
	if (keep) value = secret && !v.secret ? encrypt(v.value, rt.key) : v.value;
	else value = secret ? encrypt(patch.value!, rt.key) : patch.value!;
	const row = await updateRow(rt.db, v.id, {
		...(patch.key !== undefined ? { key: patch.key } : {}),
		...(patch.description !== undefined ? { description: patch.description } : {}),
		secret,
		value,
		updatedBy: user
	});
	await rt.bus.publish('variables.changed', { key: row!.key, previous: v.key });
	return row;
}

export async function deleteVariable(id: string): Promise<boolean> {
	const rt = getRuntime();
	if (!(await deleteRow(rt.db, id))) return false;
	await rt.bus.publish('variables.changed', { id });
	return true;
}

export const variables = () => listVariables(getRuntime().db);
export const variable = (id: string) => getVariable(getRuntime().db, id);

/** What pages may show: secret values are blank (`hasValue` says whether one is stored). */
export async function variableViews() {
	return (await variables()).map((v) => ({
		id: v.id,
		key: v.key,
		value: v.secret ? '' : v.value,
		hasValue: v.value !== '',
		description: v.description,
		secret: v.secret,
		updatedAt: v.updatedAt.toISOString(),
		updatedBy: v.updatedBy
	}));
}
