import { json } from '@sveltejs/kit';
import { testHandlerSchema } from '$lib/schemas/skill';
import { handle, readBody } from '$lib/server/api';
import { testToolHandler } from '$lib/server/workflow/skills';
import type { RequestHandler } from './$types';

/** Runs one tool handler with the given args: `{result, error, duration_ms}` (plus the handler's logs). */
export const POST: RequestHandler = ({ request }) => handle(async () => json(await testToolHandler(await readBody(request, testHandlerSchema), request.signal)));
