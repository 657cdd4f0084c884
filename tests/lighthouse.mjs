// Lighthouse (npm, pinned in package.json) on several pages with one Chromium:
// launching a browser per page would cost more than the audits themselves.
//
//   node tests/lighthouse.mjs '{"chromePath": "/usr/bin/chromium", "chromeFlags": [...],
//                              "urls": [...], "categories": ["accessibility", ...]}'
//
// Prints one JSON array: per URL its category scores (0-100) and the audits that
// lowered them (id, title, score), so that a failing gate says what to fix.
// Lighthouse's default profile is the mobile one (Moto G Power, slow 4G, 4x CPU).
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';

const request = JSON.parse(process.argv[2]);
const chrome = await chromeLauncher.launch({
  chromePath: request.chromePath,
  chromeFlags: ['--headless=new', ...request.chromeFlags],
});
const results = [];
try {
  for (const url of request.urls) {
    const flags = {port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: request.categories,
                   // audits that weigh nothing in a score and cost seconds a page
                   disableFullPageScreenshot: true, skipAudits: ['bf-cache', 'screenshot-thumbnails', 'final-screenshot']};
    const {lhr} = await lighthouse(url, flags);
    const scores = {};
    const lowering = [];
    for (const [id, category] of Object.entries(lhr.categories)) {
      scores[id] = category.score === null ? null : Math.round(category.score * 100);
      for (const ref of category.auditRefs) {
        const audit = lhr.audits[ref.id];
        if (ref.weight > 0 && audit.score !== null && audit.score < 1) {
          lowering.push({category: id, id: ref.id, title: audit.title, score: audit.score});
        }
      }
    }
    results.push({url, finalUrl: lhr.finalDisplayedUrl, scores, lowering,
                  runtimeError: lhr.runtimeError ? lhr.runtimeError.message : null});
  }
} finally {
  await chrome.kill();
}
process.stdout.write(JSON.stringify(results));
