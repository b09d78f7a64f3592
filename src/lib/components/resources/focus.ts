/** `use:focusOnMount`: focuses the element when it appears (an editor opening), without the autofocus attribute. */
export function focusOnMount(el: HTMLElement, enabled = true) {
	if (enabled) queueMicrotask(() => el.focus({ preventScroll: true }));
}
