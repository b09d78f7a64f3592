import { json } from '@sveltejs/kit';
import { runListQuerySchema } from '$lib/schemas/run';
import { handle, parseQuery } from '$lib/server/api';
import { runHistory } from '$lib/server/workflow/history';
import type { RequestHandler } from './$types';

/** The workflow's runs, as GET /runs with workflow_id. */
export const GET: RequestHandler = ({ params, url }) => handle(async () => json(await runHistory({ ...parseQuery(url, runListQuerySchema), workflow_id: params.id })));
