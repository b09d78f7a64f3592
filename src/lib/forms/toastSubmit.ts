import type { SubmitFunction } from '@sveltejs/kit';
import { toast } from '$lib/components/ui';

type Data = Record<string, unknown> | undefined;

/**
 * `use:enhance={toastSubmit({...})}` for small forms without superforms (a row's delete or test
 * button): the result becomes a toast, failures show the action's `{message}`, then the page data
 * is refreshed as SvelteKit's default enhance would (without clearing the form unless `reset`).
 */
export function toastSubmit(
	opts: { success?: string | ((data: Data) => string | undefined); busy?: (busy: boolean) => void; onSuccess?: (data: Data) => void; reset?: boolean } = {}
): SubmitFunction {
	return () => {
		opts.busy?.(true);
		return async ({ result, update }) => {
			opts.busy?.(false);
			if (result.type === 'failure') toast.error(String(result.data?.message ?? `failed (HTTP ${result.status})`));
			else if (result.type === 'error') toast.error(result.error?.message ?? 'something went wrong');
			else if (result.type === 'success' || result.type === 'redirect') {
				const data = result.type === 'success' ? result.data : undefined;
				const text = typeof opts.success === 'function' ? opts.success(data) : opts.success;
				if (text) toast.success(text);
				opts.onSuccess?.(data);
			}
			await update({ reset: opts.reset ?? false });
		};
	};
}
