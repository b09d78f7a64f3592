import { json } from '@sveltejs/kit';
import { getRuntime } from '$lib/server/runtime';
import { listTriggers } from '$lib/server/store/queries/triggers';
import { triggerJson } from '$lib/server/workflow/serialize';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async () => json({ triggers: (await listTriggers(getRuntime().db)).map(triggerJson) });
