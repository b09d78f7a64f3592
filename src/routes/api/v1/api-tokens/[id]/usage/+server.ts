import { json } from '@sveltejs/kit';
import { tokenUsageQuerySchema } from '$lib/schemas/token';
import { tokenUsage } from '$lib/server/admin/tokens';
import { handle, parseQuery } from '$lib/server/api';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ params, url }) => handle(async () => json(await tokenUsage(params.id, parseQuery(url, tokenUsageQuerySchema))));
