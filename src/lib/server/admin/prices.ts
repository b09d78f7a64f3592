import type { PriceJson, PriceUpsert } from '$lib/schemas/settings';
import { ApiError } from '../api';
import { getRuntime } from '../runtime';
import { deletePrice, listPrices, upsertPrice } from '../store/queries/usage';
import type { PriceRow } from '../store/schema';

function priceJson(r: PriceRow): PriceJson {
	return {
		model: r.model,
		input_per_million: r.inputPerMillion,
		output_per_million: r.outputPerMillion,
		cached_input_per_million: r.cachedInputPerMillion,
		updated_at: r.updatedAt.toISOString()
	};
}

export async function listPriceTable(): Promise<PriceJson[]> {
	return (await listPrices(getRuntime().db)).map(priceJson);
}

/** Every instance reloads its price table before this returns on this one; later usage rows use the new price. */
export async function putPrice(model: string, b: PriceUpsert): Promise<{ price: PriceJson; created: boolean }> {
	const rt = getRuntime();
	const { row, created } = await upsertPrice(rt.db, {
		model,
		input: b.input_per_million,
		output: b.output_per_million,
		cachedInput: b.cached_input_per_million
	});
	await rt.bus.publish('prices.changed', { model });
	return { price: priceJson(row), created };
}

export async function removePrice(model: string): Promise<void> {
	const rt = getRuntime();
	if (!(await deletePrice(rt.db, model))) throw new ApiError(404, `no price for model "${model}"`);
	await rt.bus.publish('prices.changed', { model });
}
