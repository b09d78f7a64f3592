/** The accounts the e2e suite signs in with; auth.setup.ts creates them in the fresh database of each run. */
export const USERS = {
	admin: { username: 'e2e-admin', password: 'e2e-admin-password' },
	editor: { username: 'e2e-editor', password: 'e2e-editor-password' },
	viewer: { username: 'e2e-viewer', password: 'e2e-viewer-password' }
} as const;

export type E2ERole = keyof typeof USERS;

/** Playwright storage states (cookies) per role. */
export const STATE: Record<E2ERole, string> = {
	admin: '.e2e-data/admin.json',
	editor: '.e2e-data/editor.json',
	viewer: '.e2e-data/viewer.json'
};
