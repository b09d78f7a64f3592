// Playwright drives Debian's Chromium (browser downloads are not possible here). Installs it when
// missing and running as root; otherwise explains what to install.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

if (!existsSync(CHROMIUM)) {
	if (process.getuid?.() === 0) {
		console.log('Chromium is missing: installing the Debian package "chromium" with apt-get...');
		execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', { stdio: 'inherit' });
	} else {
		console.error(
			`The end-to-end tests need Chromium at ${CHROMIUM}. Install it (Debian/Ubuntu: sudo apt-get install chromium) or set CHROMIUM_PATH.`
		);
		process.exit(1);
	}
}
