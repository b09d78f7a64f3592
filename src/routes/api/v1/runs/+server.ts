import { json } from '@sveltejs/kit';
import { runListQuerySchema } from '$lib/schemas/run';
import { handle, parseQuery } from '$lib/server/api';
import { runHistory } from '$lib/server/workflow/history';
import type { RequestHandler } from './$types';

/** `{runs, count, next_cursor}`, newest first; filters workflow_id, status, source, trigger_id, parent_run_id, from, to; paged by cursor. */
export const GET: RequestHandler = ({ url }) => handle(async () => json(await runHistory(parseQuery(url, runListQuerySchema))));
