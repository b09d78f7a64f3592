import { z } from 'zod';
import { priceModelSchema } from './settings';

/**
 * Key rotation on the settings page: the new passphrase twice. Turning encryption off (an empty key,
 * every secret decrypted to plaintext) has to be asked for explicitly.
 */
export const rotateKeyFormSchema = z
	.object({
		encryption_key: z.string().max(10_000, 'at most 10000 characters').default(''),
		confirm: z.string().max(10_000).default(''),
		disable: z.boolean().default(false)
	})
	.refine((v) => v.disable || v.encryption_key !== '', { message: 'Enter the new key, or choose to turn encryption off', path: ['encryption_key'] })
	.refine((v) => v.disable || v.encryption_key === v.confirm, { message: 'The keys do not match', path: ['confirm'] });
export type RotateKeyForm = z.infer<typeof rotateKeyFormSchema>;

/** The passphrase to rotate to; "" turns encryption off. */
export const rotationKey = (f: RotateKeyForm) => (f.disable ? '' : f.encryption_key);

// Price inputs arrive as text from plain forms: "" is no value, anything else must be a number.
const price = (what: string) =>
	z
		.number({ error: `${what}: enter a price in USD per million tokens` })
		.min(0, `${what} must not be negative`)
		.max(1_000_000, `${what} must be at most 1000000`);
const fromText = (v: unknown) => (typeof v === 'string' ? (v.trim() === '' ? undefined : Number(v.trim())) : v);

/** One row of the price table (add or save). An empty cached price means "charged at the input price". */
export const priceRowFormSchema = z.object({
	model: priceModelSchema,
	input_per_million: z.preprocess(fromText, price('input')),
	output_per_million: z.preprocess(fromText, price('output')),
	cached_input_per_million: z.preprocess(fromText, price('cached input').optional())
});

export const priceDeleteFormSchema = z.object({ model: priceModelSchema });
