/** Helpers shared by the resource-page specs (workflows, runs, triggers, skills, agents, variables, node configs). */
import { type Page } from '@playwright/test';
import { expect } from './helpers/test';

/** Opens a page and waits until it is hydrated (enhanced forms, toasts). */
export async function open(page: Page, path: string) {
	await page.goto(path, { waitUntil: 'networkidle' });
}

export async function expectToast(page: Page, text: string | RegExp, kind: 'success' | 'error' = 'success') {
	await expect(page.locator(`[data-testid="toast"][data-kind="${kind}"]`).filter({ hasText: text }).first()).toBeVisible();
}

/** Accepts the confirm dialog of a destructive action. */
export async function confirmDialog(page: Page) {
	const dialog = page.getByTestId('confirm-dialog');
	await expect(dialog).toBeVisible();
	await dialog.getByTestId('confirm-ok').click();
}

/** The AT e2e server's admin token (tests/e2e/at.e2e.yaml), for setting up data through the API. */
export const ADMIN = { authorization: 'Bearer e2e-admin-token' };

export const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;
