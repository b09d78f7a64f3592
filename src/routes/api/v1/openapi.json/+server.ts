import { base } from '$app/paths';
import { json } from '@sveltejs/kit';
import { buildOpenApi } from '$lib/server/admin/openapi';
import { getRuntime } from '$lib/server/runtime';
import { AT_VERSION } from '$lib/server/version';
import type { RequestHandler } from './$types';

let doc: ReturnType<typeof buildOpenApi> | undefined;

export const GET: RequestHandler = () => {
	doc ??= buildOpenApi({ title: getRuntime().config.server.name, version: AT_VERSION, basePath: base });
	return json(doc);
};
