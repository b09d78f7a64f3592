import { onMount } from 'svelte';

/**
 * Whether <html> carries the `dark` class, kept current while the component lives (Svelte Flow's
 * colorMode follows it). False on the server. Call during component initialisation.
 */
export function useDarkClass(): { readonly current: boolean } {
	let dark = $state(false);
	onMount(() => {
		const html = document.documentElement;
		dark = html.classList.contains('dark');
		const mo = new MutationObserver(() => (dark = html.classList.contains('dark')));
		mo.observe(html, { attributes: true, attributeFilter: ['class'] });
		return () => mo.disconnect();
	});
	return {
		get current() {
			return dark;
		}
	};
}
