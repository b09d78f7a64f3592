import { toast } from '$lib/components/ui';

/** The status message a page action puts on its superform (shown as a toast, or inline without JS). */
export interface FormMessage {
	type: 'success' | 'error';
	text: string;
	/** Extra data for the page (e.g. a skill handler test result). */
	data?: Record<string, unknown>;
}

/**
 * superForm options shared by the resource pages: the action's message becomes a toast, and
 * `onSaved` runs after a successful save (closing an editor, navigating).
 */
export function toastEvents(onSaved?: (message: FormMessage) => void) {
	return {
		onUpdated({ form }: { form: { valid: boolean; message?: FormMessage } }) {
			const m = form.message;
			if (!m) {
				if (!form.valid) toast.error('Check the highlighted fields.');
				return;
			}
			if (m.type === 'error') toast.error(m.text);
			else {
				toast.success(m.text);
				onSaved?.(m);
			}
		},
		onError({ result }: { result: { error: { message?: string } | unknown } }) {
			const e = result.error as { message?: string } | undefined;
			toast.error(e?.message ?? 'The request failed.');
		}
	};
}

type EnhanceResult =
	| { type: 'success' | 'failure'; data?: Record<string, unknown>; status: number }
	| { type: 'redirect'; location: string; status: number }
	| { type: 'error'; error: unknown; status?: number };

/**
 * `use:enhance={enhanceToast()}` for small row forms (delete, duplicate, enable/disable): the page
 * data refreshes (or the redirect is followed) and the action's message, else `fallback`, becomes a toast.
 */
export function enhanceToast(fallback = 'Done.') {
	return () =>
		async ({ result, update }: { result: EnhanceResult; update: (o?: { reset?: boolean; invalidateAll?: boolean }) => Promise<void> }) => {
			await update({ reset: false });
			if (result.type === 'redirect') {
				toast.success(fallback);
				return;
			}
			if (result.type === 'error') {
				toast.error((result.error as { message?: string })?.message ?? 'The request failed.');
				return;
			}
			const m = (result.data?.form as { message?: FormMessage } | undefined)?.message;
			if (result.type === 'success') toast.success(m?.text ?? fallback);
			else toast.error(m?.text ?? 'The request failed.');
		};
}

/**
 * Whether the signed-in user may change things on a page whose writes need `least`. Without a user
 * (no session guard configured) the server decides; pages then show every action.
 */
export function canWrite(user: { role: 'admin' | 'editor' | 'viewer' } | null | undefined, least: 'editor' | 'admin' = 'editor') {
	if (!user) return true;
	return least === 'admin' ? user.role === 'admin' : user.role !== 'viewer';
}

/**
 * The superform a non-JavaScript POST returned (page.form), if it is the form with this id: its
 * message, and whether it failed (the editor then stays open with the errors).
 */
export function postedForm(pageForm: unknown, id?: string): { message?: FormMessage; failed: boolean; data?: Record<string, unknown> } {
	const forms = pageForm && typeof pageForm === 'object' ? Object.values(pageForm as Record<string, unknown>) : [];
	for (const f of forms as { id?: string; valid?: boolean; message?: FormMessage; data?: Record<string, unknown> }[]) {
		if (!f || typeof f !== 'object' || typeof f.id !== 'string') continue;
		if (id !== undefined && f.id !== id) continue;
		return { message: f.message, failed: !f.valid || f.message?.type === 'error', data: f.data };
	}
	return { failed: false };
}
