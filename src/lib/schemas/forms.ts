import { z } from 'zod';

/** Row actions on list pages (`?/delete`, `?/duplicate`, `?/toggle`): the row's id. */
export const idFormSchema = z.object({ id: z.string().min(1, 'missing id') });

/** Text that must parse as a JSON object (JSON editors in forms). */
export const jsonObjectText = (what: string) =>
	z.string().superRefine((text, ctx) => {
		if (!text.trim()) return;
		try {
			const v: unknown = JSON.parse(text);
			if (typeof v !== 'object' || v === null || Array.isArray(v)) ctx.addIssue({ code: 'custom', message: `${what} must be a JSON object ({…})` });
		} catch (e) {
			ctx.addIssue({ code: 'custom', message: `${what} is not valid JSON: ${e instanceof Error ? e.message : String(e)}` });
		}
	});

/** The object in a jsonObjectText field (blank = {}). */
export const parseJsonObject = (text: string): Record<string, unknown> => (text.trim() ? (JSON.parse(text) as Record<string, unknown>) : {});
