/** Toasts of the canvas page (`toast.success('Saved')`, `toast.error(message)`), shown by <Toasts/>. */
export type ToastKind = 'success' | 'error' | 'info';
export interface Toast {
	id: number;
	kind: ToastKind;
	message: string;
}

let next = 1;
export const toasts = $state<Toast[]>([]);

function push(kind: ToastKind, message: string, ms = kind === 'error' ? 8000 : 3500) {
	const id = next++;
	toasts.push({ id, kind, message });
	setTimeout(() => dismiss(id), ms);
	return id;
}

export function dismiss(id: number) {
	const i = toasts.findIndex((t) => t.id === id);
	if (i >= 0) toasts.splice(i, 1);
}

export const toast = {
	success: (m: string) => push('success', m),
	error: (m: string) => push('error', m),
	info: (m: string) => push('info', m)
};
