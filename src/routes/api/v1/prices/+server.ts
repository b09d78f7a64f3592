import { json } from '@sveltejs/kit';
import { listPriceTable } from '$lib/server/admin/prices';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async () => json({ prices: await listPriceTable() });
