import { error } from '@sveltejs/kit';
import { base } from '$app/paths';
import { loadCanvas } from '$lib/server/workflow/canvas';
import type { PageServerLoad } from './$types';

/** The canvas: the draft graph and everything its forms pick from; `?run=<id>` shows a past run. */
export const load: PageServerLoad = async ({ params, url, locals }) => {
	const canvas = await loadCanvas(params.id, { runId: url.searchParams.get('run') });
	if (!canvas) error(404, 'Workflow not found');
	// Viewers see the canvas read-only (SPEC §4.2); editors and admins edit and run it.
	const canEdit = !locals.user || locals.user.role !== 'viewer';
	return { ...canvas, canEdit, webhookBase: `${url.origin}${base}/webhooks/` };
};
