import { chromium } from '@playwright/test';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const ctx = await browser.newContext({ viewport: { width: 1600, height: 1000 }, extraHTTPHeaders: { authorization: 'Bearer devtoken' } });
const page = await ctx.newPage();
await page.goto(process.argv[2], { waitUntil: 'networkidle' });
const r = await page.evaluate(() => {
  const d = document.scrollingElement;
  const out = { scrollH: d.scrollHeight, clientH: d.clientHeight, tall: [] };
  for (const el of document.querySelectorAll('body *')) { const b = el.getBoundingClientRect(); if (b.bottom > 1000 && b.height > 0) out.tall.push(`${el.tagName}.${String(el.className).slice(0,60)} bottom=${Math.round(b.bottom)} h=${Math.round(b.height)}`); }
  out.tall = out.tall.slice(0, 15);
  return out;
});
console.log(JSON.stringify(r, null, 1));
await browser.close();
