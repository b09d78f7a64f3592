import { handle } from '$lib/server/api';
import { handleWebhook } from '$lib/server/workflow/webhook';
import type { RequestHandler } from './$types';

const hook: RequestHandler = ({ params, request, url }) => handle(() => handleWebhook(params.id, request, url));

export const POST = hook;
export const PUT = hook;
export const PATCH = hook;
export const GET = hook;
export const DELETE = hook;
