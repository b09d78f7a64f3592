import type { Handle, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { boot } from '$lib/server/boot';
import { accessLog } from '$lib/server/hooks/accessLog';
import { auth } from '$lib/server/hooks/auth';
import { csrf } from '$lib/server/hooks/csrf';
import { guard } from '$lib/server/hooks/guard';
import { requestId } from '$lib/server/hooks/requestId';
import { securityHeaders } from '$lib/server/hooks/securityHeaders';

export const init: ServerInit = async () => {
	await boot();
};

export const handle: Handle = sequence(requestId, accessLog, securityHeaders, csrf, auth, guard);
