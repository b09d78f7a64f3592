/**
 * Confirm dialogs for destructive actions: `if (await confirmAction({...})) ...`, or `use:confirmSubmit`
 * on a <form> (asks before submitting; without JavaScript the form submits directly).
 */
export interface ConfirmRequest {
	title: string;
	message?: string;
	confirmLabel?: string;
	danger?: boolean;
}

export const confirmState = $state<{ request: ConfirmRequest | null; resolve: ((ok: boolean) => void) | null }>({ request: null, resolve: null });

export function confirmAction(request: ConfirmRequest): Promise<boolean> {
	confirmState.resolve?.(false);
	return new Promise((resolve) => {
		confirmState.request = { confirmLabel: 'Confirm', danger: true, ...request };
		confirmState.resolve = resolve;
	});
}

export function settleConfirm(ok: boolean) {
	const resolve = confirmState.resolve;
	confirmState.request = null;
	confirmState.resolve = null;
	resolve?.(ok);
}

/** Svelte action: asks for confirmation before the form submits (then submits it, enhanced or not). */
export function confirmSubmit(form: HTMLFormElement, request: ConfirmRequest) {
	let current = request;
	let confirmed = false;
	const onSubmit = async (e: SubmitEvent) => {
		if (confirmed) {
			confirmed = false;
			return;
		}
		e.preventDefault();
		e.stopImmediatePropagation();
		if (await confirmAction(current)) {
			confirmed = true;
			form.requestSubmit(e.submitter instanceof HTMLElement ? (e.submitter as HTMLButtonElement) : undefined);
		}
	};
	form.addEventListener('submit', onSubmit, { capture: true });
	return {
		update(r: ConfirmRequest) {
			current = r;
		},
		destroy() {
			form.removeEventListener('submit', onSubmit, { capture: true });
		}
	};
}
