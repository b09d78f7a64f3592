import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { randomBytes, timingSafeEqual } from 'node:crypto';

/** Gateway tokens: "at_" + 64 lowercase hex (32 random bytes); only the SHA-256 hex is stored. */
export function generateGatewayToken(): string {
	return 'at_' + randomBytes(32).toString('hex');
}

export function hashToken(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export const tokenPrefix = (token: string) => token.slice(0, 8);

/** Constant-time comparison for static tokens (compares digests so lengths never leak). */
export function safeEqual(a: string, b: string): boolean {
	return digestEqual(hashToken(a), hashToken(b));
}

/** Constant-time comparison of two hex SHA-256 digests. */
export function digestEqual(hexA: string, hexB: string): boolean {
	return timingSafeEqual(Buffer.from(hexA, 'hex'), Buffer.from(hexB, 'hex'));
}
