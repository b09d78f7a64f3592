import { describe, expect, it } from 'vitest';
import { priceRowFormSchema, rotateKeyFormSchema, rotationKey } from './settingsForm';

describe('settings forms', () => {
	// Fails when a blank cached price is refused, or a typed price is not read as a number.
	it('read price rows from form text', () => {
		expect(priceRowFormSchema.parse({ model: 'gpt-4.1', input_per_million: '2', output_per_million: '8', cached_input_per_million: '' })).toEqual({
			model: 'gpt-4.1',
			input_per_million: 2,
			output_per_million: 8,
			cached_input_per_million: undefined
		});
		const bad = priceRowFormSchema.safeParse({ model: 'a b', input_per_million: '-1', output_per_million: 'x' });
		expect(bad.success).toBe(false);
		expect(bad.error!.issues.map((i) => i.path[0])).toEqual(['model', 'input_per_million', 'output_per_million']);
	});

	// Fails when an empty key turns encryption off without being asked, or a typo in the repeated key is accepted.
	it('ask for the key twice and for "off" explicitly', () => {
		expect(rotateKeyFormSchema.safeParse({ encryption_key: '', confirm: '' }).error?.issues[0].message).toMatch(/Enter the new key/);
		expect(rotateKeyFormSchema.safeParse({ encryption_key: 'a', confirm: 'b' }).error?.issues[0].path).toEqual(['confirm']);
		expect(rotationKey(rotateKeyFormSchema.parse({ encryption_key: 'k', confirm: 'k' }))).toBe('k');
		expect(rotationKey(rotateKeyFormSchema.parse({ encryption_key: 'ignored', disable: true }))).toBe('');
	});
});
