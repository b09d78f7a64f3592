import { chromium } from '@playwright/test';
const [,, url, out, theme = 'light', w = '1600', hgt = '900'] = process.argv;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const ctx = await browser.newContext({ viewport: { width: Number(w), height: Number(hgt) }, deviceScaleFactor: Number(process.env.DSF ?? 1), extraHTTPHeaders: { authorization: 'Bearer devtoken' }, colorScheme: theme });
const page = await ctx.newPage();
const errors = [];
page.on('pageerror', (e) => errors.push('pageerror: ' + e.message));
page.on('console', (m) => (m.type() === 'error' || m.type() === 'warning') && errors.push(m.type() + ': ' + m.text()));
await page.addInitScript((t) => localStorage.setItem('at-theme', t), theme);
await page.goto(url, { waitUntil: 'networkidle' });
await page.waitForTimeout(800);
if (process.env.CLICK) { await page.locator(process.env.CLICK).first().click(); await page.waitForTimeout(600); }
if (process.env.ZOOM) { for (let i = 0; i < Number(process.env.ZOOM); i++) await page.locator('.svelte-flow__controls-zoomin').click(); await page.waitForTimeout(500); }
if (process.env.EVAL) { await page.evaluate(process.env.EVAL); await page.waitForTimeout(700); }
const clip = process.env.CLIP ? Object.fromEntries(['x','y','width','height'].map((k, i) => [k, Number(process.env.CLIP.split(',')[i])])) : undefined;
await page.screenshot({ path: out, clip });
console.log(errors.join('\n') || 'no console errors');
await browser.close();
